using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.IntegrationTests.Storage;

/// <summary>Hostile or broken requests get S3's error, never a 500 — sent raw so nothing fixes them up.</summary>
[Collection(StorageServerCollection.Name)]
public sealed class BadInputStorageTests(StorageServerFixture server)
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(server.Endpoint) };

    private async Task<string> NewBucketAsync()
    {
        var bucket = "bad-" + Guid.NewGuid().ToString("N")[..12];
        await server.Engine.CreateBucketAsync(bucket, null, CancellationToken.None);
        return bucket;
    }

    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Contains($"<Code>{code}</Code>", body);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>", body);
        Assert.True(response.Headers.Contains("x-amz-request-id"));
        Assert.True(response.Headers.Contains("x-amz-id-2"));
        return body;
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<NotificationConfiguration><CloudFunctionConfiguration>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><NotificationConfiguration>&e;</NotificationConfiguration>")]
    [InlineData("<Wrong/>")]
    public async Task MalformedNotificationXml_IsMalformedXML(string xml)
    {
        var bucket = await NewBucketAsync();
        var response = await _http.PutAsync($"/{bucket}?notification", new StringContent(xml));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "MalformedXML");
    }

    [Fact]
    public async Task MalformedDeleteAndCompleteBodies_AreMalformedXML()
    {
        var bucket = await NewBucketAsync();
        var delete = new StringContent("<Delete><Object>");
        delete.Headers.ContentMD5 = System.Security.Cryptography.MD5.HashData("<Delete><Object>"u8.ToArray());
        await AssertErrorAsync(await _http.PostAsync($"/{bucket}?delete", delete), HttpStatusCode.BadRequest, "MalformedXML");
        var upload = await server.Engine.CreateMultipartUploadAsync(bucket, "k", Platform.Emulators.Storage.Engine.ObjectMetadata.Empty,
            CancellationToken.None);
        await AssertErrorAsync(await _http.PostAsync($"/{bucket}/k?uploadId={Uri.EscapeDataString(upload.UploadId)}",
            new StringContent("<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part></CompleteMultipartUpload>")),
            HttpStatusCode.BadRequest, "MalformedXML");
    }

    [Theory]
    [InlineData("acl")]
    [InlineData("policy")]
    [InlineData("tagging")]
    [InlineData("lifecycle")]
    public async Task UnsupportedSubresources_AreNotImplemented(string subresource)
    {
        var bucket = await NewBucketAsync();
        await AssertErrorAsync(await _http.GetAsync($"/{bucket}?{subresource}"), HttpStatusCode.NotImplemented, "NotImplemented");
        await AssertErrorAsync(await _http.PutAsync($"/{bucket}/key?{subresource}", new StringContent("<x/>")), HttpStatusCode.NotImplemented,
            "NotImplemented");
    }

    [Fact]
    public async Task GetBucketVersioning_AnswersAnEmptyConfiguration()
    {
        var bucket = await NewBucketAsync();
        var response = await _http.GetAsync($"/{bucket}?versioning");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("VersioningConfiguration", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownMethod_IsMethodNotAllowed() =>
        await AssertErrorAsync(await _http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/some-bucket/key")),
            HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");

    [Theory]
    [InlineData("ab")]
    [InlineData("UpperCase")]
    [InlineData("under_score")]
    [InlineData("192.168.1.1")]
    [InlineData("double..dot")]
    [InlineData("-leading")]
    [InlineData("xn--punycode")]
    public async Task InvalidBucketNames_AreRejected(string name)
    {
        var response = await _http.PutAsync($"/{name}", null);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidBucketName");
    }

    [Fact]
    public async Task ContentMd5Mismatch_IsBadDigest_AndNothingIsStored()
    {
        var bucket = await NewBucketAsync();
        var content = new StringContent("hello");
        content.Headers.ContentMD5 = System.Security.Cryptography.MD5.HashData("other"u8.ToArray());
        await AssertErrorAsync(await _http.PutAsync($"/{bucket}/k", content), HttpStatusCode.BadRequest, "BadDigest");
        await AssertErrorAsync(await _http.GetAsync($"/{bucket}/k"), HttpStatusCode.NotFound, "NoSuchKey");

        var invalid = new StringContent("hello");
        invalid.Headers.TryAddWithoutValidation("Content-MD5", "not-base64!");
        await AssertErrorAsync(await _http.PutAsync($"/{bucket}/k", invalid), HttpStatusCode.BadRequest, "InvalidDigest");

        var good = new StringContent("hello");
        good.Headers.ContentMD5 = System.Security.Cryptography.MD5.HashData("hello"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, (await _http.PutAsync($"/{bucket}/k", good)).StatusCode);
    }

    [Fact]
    public async Task KeyTooLong_And_MetadataTooLarge()
    {
        var bucket = await NewBucketAsync();
        await AssertErrorAsync(await _http.PutAsync($"/{bucket}/{new string('k', 1025)}", new StringContent("x")), HttpStatusCode.BadRequest,
            "KeyTooLongError");
        var big = new StringContent("x");
        big.Headers.TryAddWithoutValidation("x-amz-meta-big", new string('m', 2100));
        await AssertErrorAsync(await _http.PutAsync($"/{bucket}/k", big), HttpStatusCode.BadRequest, "MetadataTooLarge");
    }

    [Theory]
    [InlineData("PUT /{0}/huge HTTP/1.1", 5L * 1024 * 1024 * 1024 + 1)]
    [InlineData("PUT /{0}/huge?partNumber=1&uploadId={1} HTTP/1.1", 5L * 1024 * 1024 * 1024 + 1)]
    public async Task OversizedByContentLength_IsEntityTooLarge_BeforeTheBodyIsSent(string requestLine, long length)
    {
        var bucket = await NewBucketAsync();
        var upload = await server.Engine.CreateMultipartUploadAsync(bucket, "huge", Platform.Emulators.Storage.Engine.ObjectMetadata.Empty,
            CancellationToken.None);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        var head = string.Format(requestLine, bucket, Uri.EscapeDataString(upload.UploadId)) +
                   $"\r\nHost: 127.0.0.1:{server.Port}\r\nContent-Length: {length}\r\nExpect: 100-continue\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        // Read until the error document is complete: the server never sees (or waits for) the body.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("</Error>"))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.NotEqual(0, read);
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 400 Bad Request", received.ToString());
        var rest = received;
        Assert.Contains("<Code>EntityTooLarge</Code>", rest.ToString());
    }

    [Fact]
    public async Task ExpiredPresignedUrl_IsAccessDenied()
    {
        var bucket = await NewBucketAsync();
        var response = await _http.GetAsync(
            $"/{bucket}/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20200101%2Fus-east-1%2Fs3%2Faws4_request" +
            "&X-Amz-Date=20200101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc");
        var body = await AssertErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied");
        Assert.Contains("Request has expired", body);
    }

    [Fact]
    public async Task HeadErrors_HaveNoBody()
    {
        var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/no-such-bucket-x/k"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task VirtualHostedStyle_AddressesTheBucketFromTheHost()
    {
        var bucket = await NewBucketAsync();
        var put = new HttpRequestMessage(HttpMethod.Put, "/vh/key.txt") { Content = new StringContent("virtual") };
        put.Headers.Host = $"{bucket}.s3.localhost.localstack.cloud:{server.Port}";
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(put)).StatusCode);
        var get = new HttpRequestMessage(HttpMethod.Get, "/vh/key.txt");
        get.Headers.Host = $"{bucket}.localhost:{server.Port}";
        Assert.Equal("virtual", await (await _http.SendAsync(get)).Content.ReadAsStringAsync());
        Assert.Equal("virtual", await _http.GetStringAsync($"/{bucket}/vh/key.txt"));
    }

    [Fact]
    public async Task ConditionalGets_FollowS3Precedence()
    {
        var bucket = await NewBucketAsync();
        var info = await server.Engine.PutObjectAsync(new Platform.Emulators.Storage.Engine.PutObjectRequest(bucket, "c"),
            new MemoryStream("c"u8.ToArray()), Platform.Emulators.Storage.Engine.RequestOrigin.Internal, CancellationToken.None);
        var etag = "\"" + info.ETag + "\"";

        async Task<HttpStatusCode> Get(string header, string value)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/{bucket}/c");
            request.Headers.TryAddWithoutValidation(header, value);
            return (await _http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get("If-Match", etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, await Get("If-Match", "\"other\""));
        Assert.Equal(HttpStatusCode.NotModified, await Get("If-None-Match", etag));
        Assert.Equal(HttpStatusCode.OK, await Get("If-None-Match", "\"other\""));
        Assert.Equal(HttpStatusCode.NotModified, await Get("If-Modified-Since", DateTimeOffset.UtcNow.AddHours(1).ToString("R")));
        Assert.Equal(HttpStatusCode.PreconditionFailed, await Get("If-Unmodified-Since", DateTimeOffset.UtcNow.AddHours(-1).ToString("R")));
    }
}
