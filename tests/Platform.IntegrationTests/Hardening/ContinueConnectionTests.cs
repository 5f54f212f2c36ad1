using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Hardening;

/// <summary>Issue 16 item 1: a request sent with <c>Expect: 100-continue</c> and answered without
/// its body being read must not leave the connection expecting that body.</summary>
[Collection(HardeningPlatformCollection.Name)]
public sealed class ContinueConnectionTests(HardeningPlatformFixture platform)
{
    [Fact]
    public async Task Boto3_RejectedPutObject_DoesNotBreakTheNextCallOnTheSameConnection()
    {
        // A file-like body makes botocore send Expect: 100-continue; one connection in the pool
        // makes the next call reuse it. A 1-byte body was answered 405 MethodNotAllowed before the fix.
        var result = await Boto3.RunAsync(platform.Endpoint, $$"""
            import io, os, boto3, botocore
            from botocore.config import Config
            s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], config=Config(max_pool_connections=1, retries={"max_attempts": 0}))
            for size in (1, 5, 20000):
                try:
                    s3.put_object(Bucket="missing-bucket-for-continue", Key="k", Body=io.BytesIO(b"x" * size))
                    raise SystemExit("PutObject to a missing bucket succeeded")
                except botocore.exceptions.ClientError as e:
                    assert e.response["Error"]["Code"] == "NoSuchBucket", e.response
                listed = s3.list_objects_v2(Bucket="{{HardeningPlatformFixture.Bucket}}")
                assert listed["ResponseMetadata"]["HTTPStatusCode"] == 200, listed
            print("ok")
            """);
        result.EnsureSuccess();
        Assert.Contains("ok", result.StandardOutput);
    }

    [Fact]
    public async Task RawSocket_UnreadContinueBody_ClosesTheConnectionAfterTheReply()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, platform.Port);
        var stream = tcp.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"PUT /missing-bucket-for-continue/k HTTP/1.1\r\nHost: 127.0.0.1:{platform.Port}\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"),
            timeout.Token);
        var reply = await RawExchange.ReadOneAsync(stream, timeout.Token);
        Assert.NotNull(reply);
        Assert.Equal(404, reply.Status);
        Assert.Contains("<Code>NoSuchBucket</Code>", reply.Body);
        Assert.Equal("close", reply.Header("Connection"));

        // The client does not send the body; the next request on the connection must not be read as it.
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"GET /{HardeningPlatformFixture.Bucket}?list-type=2 HTTP/1.1\r\nHost: 127.0.0.1:{platform.Port}\r\n\r\n"), timeout.Token);
        }
        catch (IOException)
        {
            // Already closed: what the fix promises.
        }

        RawExchange.Reply? next = null;
        try
        {
            next = await RawExchange.ReadOneAsync(stream, timeout.Token);
        }
        catch (IOException)
        {
        }

        Assert.Null(next);
    }

    [Fact]
    public async Task RawSocket_ContinueBodyThatWasRead_KeepsTheConnectionUsable()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, platform.Port);
        var stream = tcp.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"PUT /{HardeningPlatformFixture.Bucket}/continue-ok HTTP/1.1\r\nHost: 127.0.0.1:{platform.Port}\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"),
            timeout.Token);
        var interim = await RawExchange.ReadOneAsync(stream, timeout.Token);
        Assert.Equal(100, interim!.Status);
        await stream.WriteAsync("hello"u8.ToArray(), timeout.Token);
        var put = await RawExchange.ReadOneAsync(stream, timeout.Token);
        Assert.Equal(200, put!.Status);
        Assert.NotEqual("close", put.Header("Connection"));

        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /{HardeningPlatformFixture.Bucket}/continue-ok HTTP/1.1\r\nHost: 127.0.0.1:{platform.Port}\r\n\r\n"), timeout.Token);
        var get = await RawExchange.ReadOneAsync(stream, timeout.Token);
        Assert.Equal(200, get!.Status);
        Assert.Equal("hello", get.Body);
    }
}
