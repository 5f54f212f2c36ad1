using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Hardening;

/// <summary>Issue 16 item 6: a web page of another site cannot act on the platform (foreign Origin,
/// unless the bucket's CORS allows it), and a DNS-rebinding page cannot reach it (foreign Host).</summary>
[Collection(HardeningPlatformCollection.Name)]
public sealed class BrowserGuardTests(HardeningPlatformFixture platform)
{
    private const string Bucket = HardeningPlatformFixture.Bucket;
    private const string Form = "Content-Type: application/x-www-form-urlencoded";

    private Task<RawExchange.Reply> SendAsync(string requestLine, string[] headers, string? body = null, string? host = null)
    {
        var request = RawExchange.Request(platform.Port, requestLine, headers, body is null ? null : BadInput.Bytes(body));
        if (host is not null)
            request = BadInput.Bytes(BadInput.Latin1(request).Replace($"Host: 127.0.0.1:{platform.Port}", "Host: " + host, StringComparison.Ordinal));
        return RawExchange.SendAsync(platform.Port, request);
    }

    private string SendMessage => $"Action=SendMessage&QueueUrl={Uri.EscapeDataString(platform.QueueUrl)}&MessageBody=hi";

    [Fact]
    public async Task ForeignHost_IsRefusedByEveryApi_InItsOwnShape()
    {
        var host = $"rebound.example:{platform.Port}";
        var s3 = await SendAsync($"GET /{Bucket}?list-type=2 HTTP/1.1", [], host: host);
        Assert.Equal(403, s3.Status);
        Assert.Contains("<Code>AccessDenied</Code>", s3.Body);
        Assert.Contains("--allowed-hosts", s3.Body);

        var sqs = await SendAsync("POST / HTTP/1.1", [Form], SendMessage, host);
        Assert.Equal(403, sqs.Status);
        Assert.Contains("<ErrorResponse", sqs.Body);
        Assert.Contains("<Code>AccessDenied</Code>", sqs.Body);

        var kinesis = await SendAsync("POST / HTTP/1.1", ["Content-Type: application/x-amz-json-1.1", "X-Amz-Target: Kinesis_20131202.ListStreams"], "{}", host);
        Assert.Equal(400, kinesis.Status);
        Assert.Contains("\"__type\":\"AccessDeniedException\"", kinesis.Body);

        var lambda = await SendAsync("GET /2015-03-31/functions HTTP/1.1", [], host: host);
        Assert.Equal(403, lambda.Status);
        Assert.Equal("AccessDeniedException", lambda.Header("X-Amzn-ErrorType"));

        var admin = await SendAsync("GET /_platform/health HTTP/1.1", [], host: host);
        Assert.Equal(403, admin.Status);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST.")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData(Bucket + ".localhost")]
    [InlineData(Bucket + ".s3.localhost")]
    [InlineData(Bucket + ".s3.us-east-1.localhost")]
    [InlineData(Bucket + ".s3.localhost.localstack.cloud")]
    public async Task OwnHostNames_AndVirtualHostedBuckets_AreAnswered(string name)
    {
        var virtualHosted = name.StartsWith(Bucket + ".", StringComparison.Ordinal);
        var reply = await SendAsync(virtualHosted ? "GET /?list-type=2 HTTP/1.1" : $"GET /{Bucket}?list-type=2 HTTP/1.1", [],
            host: $"{name}:{platform.Port}");
        Assert.True(reply.Status == 200, reply.Body);
        Assert.Contains($"<Name>{Bucket}</Name>", reply.Body);
    }

    [Fact]
    public async Task AllowedHosts_AreAnswered_WithTheirSubdomains()
    {
        await using var app = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(PlatformConfig.Empty),
            Port = 0,
            InMemory = true,
            AllowedHosts = ["dev.internal"],
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        });
        var port = app.Endpoint.Port;
        async Task<int> StatusFor(string host) => (await RawExchange.SendAsync(port, BadInput.Bytes(
            $"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"))).Status;

        Assert.Equal(200, await StatusFor("dev.internal"));
        Assert.Equal(404, await StatusFor("missing-bucket.s3.dev.internal")); // virtual-hosted: answered, NoSuchBucket
        Assert.Equal(403, await StatusFor("evil.example"));
        Assert.Equal(403, await StatusFor("dev.internal.evil.example"));
    }

    [Fact]
    public async Task ForeignOrigin_CannotSendToSqs_OrUploadToS3()
    {
        var sqs = await SendAsync("POST / HTTP/1.1", [Form, "Origin: https://evil.example"], SendMessage);
        Assert.Equal(403, sqs.Status);
        Assert.Contains("<Code>AccessDenied</Code>", sqs.Body);

        var upload = await SendAsync($"PUT /{Bucket}/from-evil HTTP/1.1", ["Origin: https://evil.example"], "x");
        Assert.Equal(403, upload.Status);
        Assert.Contains("<Code>AccessDenied</Code>", upload.Body);

        var nullOrigin = await SendAsync($"PUT /{Bucket}/from-sandbox HTTP/1.1", ["Origin: null"], "x");
        Assert.Equal(403, nullOrigin.Status);

        // A cross-site <img> or form without Origin still says where it comes from.
        var img = await SendAsync($"GET /?Action=SendMessage&QueueUrl={Uri.EscapeDataString(platform.QueueUrl)}&MessageBody=hi HTTP/1.1",
            ["Sec-Fetch-Site: cross-site"]);
        Assert.Equal(403, img.Status);
    }

    [Fact]
    public async Task LoopbackOrigins_AreThePlatformsOwn()
    {
        var sqs = await SendAsync("POST / HTTP/1.1", [Form, "Origin: http://localhost:3000"], SendMessage);
        Assert.Equal(200, sqs.Status);
        var upload = await SendAsync($"PUT /{Bucket}/from-local-app HTTP/1.1", ["Origin: http://127.0.0.1:5173"], "x");
        Assert.Equal(200, upload.Status);
        Assert.Equal("http://127.0.0.1:5173", upload.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task BucketCors_AdmitsTheOriginsItNames_AsS3Does()
    {
        var bucket = "cors-" + Guid.NewGuid().ToString("N")[..10];
        var result = await Boto3.RunAsync(platform.Endpoint, $$"""
            import os, boto3, botocore
            s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"])
            s3.create_bucket(Bucket="{{bucket}}")
            try:
                s3.get_bucket_cors(Bucket="{{bucket}}")
                raise SystemExit("a bucket without CORS answered GetBucketCors")
            except botocore.exceptions.ClientError as e:
                assert e.response["Error"]["Code"] == "NoSuchCORSConfiguration", e.response
            s3.put_bucket_cors(Bucket="{{bucket}}", CORSConfiguration={"CORSRules": [
                {"ID": "app", "AllowedOrigins": ["https://app.example", "https://*.pages.example"], "AllowedMethods": ["PUT", "GET"],
                 "AllowedHeaders": ["content-type", "x-amz-*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 600}]})
            rules = s3.get_bucket_cors(Bucket="{{bucket}}")["CORSRules"]
            assert rules[0]["AllowedOrigins"] == ["https://app.example", "https://*.pages.example"], rules
            assert rules[0]["MaxAgeSeconds"] == 600 and rules[0]["ExposeHeaders"] == ["ETag"], rules
            print("ok")
            """);
        result.EnsureSuccess();

        var preflight = await SendAsync($"OPTIONS /{bucket}/k HTTP/1.1",
            ["Origin: https://app.example", "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: Content-Type, X-Amz-Meta-A"]);
        Assert.Equal(200, preflight.Status);
        Assert.Equal("https://app.example", preflight.Header("Access-Control-Allow-Origin"));
        Assert.Contains("PUT", preflight.Header("Access-Control-Allow-Methods"));
        Assert.Equal("600", preflight.Header("Access-Control-Max-Age"));

        var wrongMethod = await SendAsync($"OPTIONS /{bucket}/k HTTP/1.1", ["Origin: https://app.example", "Access-Control-Request-Method: DELETE"]);
        Assert.Equal(403, wrongMethod.Status);
        Assert.Contains("<Code>AccessForbidden</Code>", wrongMethod.Body);

        var put = await SendAsync($"PUT /{bucket}/k HTTP/1.1", ["Origin: https://shop.pages.example"], "hello");
        Assert.Equal(200, put.Status);
        Assert.Equal("https://shop.pages.example", put.Header("Access-Control-Allow-Origin"));
        Assert.Equal("ETag", put.Header("Access-Control-Expose-Headers"));

        var delete = await SendAsync($"DELETE /{bucket}/k HTTP/1.1", ["Origin: https://app.example"]);
        Assert.Equal(403, delete.Status);
        var evil = await SendAsync($"PUT /{bucket}/k HTTP/1.1", ["Origin: https://evil.example"], "x");
        Assert.Equal(403, evil.Status);

        var removed = await Boto3.RunAsync(platform.Endpoint, $$"""
            import os, boto3
            s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"])
            s3.delete_bucket_cors(Bucket="{{bucket}}")
            print("ok")
            """);
        removed.EnsureSuccess();
        Assert.Equal(403, (await SendAsync($"PUT /{bucket}/k HTTP/1.1", ["Origin: https://app.example"], "x")).Status);
    }
}
