using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.IntegrationTests.Hardening;

/// <summary>Issue 16 item 3: a body that stops arriving is S3's RequestTimeout (what S3 answers an
/// idle upload), not IncompleteBody (a body that ended early).</summary>
[Collection(HardeningPlatformCollection.Name)]
public sealed class StalledBodyTests(HardeningPlatformFixture platform)
{
    [Fact]
    public async Task StalledPutObjectBody_IsRequestTimeout()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, platform.Port);
        var stream = tcp.GetStream();
        // Kestrel's minimum body data rate (240 B/s after a 5 s grace) decides when a body has stalled.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"PUT /{HardeningPlatformFixture.Bucket}/stalled HTTP/1.1\r\nHost: 127.0.0.1:{platform.Port}\r\nContent-Length: 100000\r\n\r\n0123456789"),
            timeout.Token);
        var reply = await RawExchange.ReadOneAsync(stream, timeout.Token);
        Assert.NotNull(reply);
        Assert.Equal(400, reply.Status);
        Assert.Contains("<Code>RequestTimeout</Code>", reply.Body);
    }
}
