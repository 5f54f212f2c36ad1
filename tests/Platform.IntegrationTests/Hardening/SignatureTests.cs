using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Hardening;

/// <summary>Issue 16 item 9: with --auth sigv4 every API verifies AWS Signature V4 against the
/// configured keys — through the aws CLI, boto3 and the .NET SDK, with right and wrong keys and a
/// skewed clock — and answers each protocol's own error codes.</summary>
public sealed class SignatureTests : IAsyncLifetime
{
    private PlatformApp _app = null!;

    public async Task InitializeAsync() => _app = await PlatformApp.StartAsync(new PlatformSettings
    {
        Config = PlatformConfigSource.FromConfig(PlatformConfig.Empty),
        Port = 0,
        InMemory = true,
        RequireSignatures = true,
        AccessKeys = new Dictionary<string, string> { ["test"] = "test", ["AKIDSECOND"] = "second-secret" },
        ShutdownTimeout = TimeSpan.FromSeconds(2),
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<ProcessResult> Aws(string key, string secret, params string[] arguments) =>
        ProcessRunner.RunAsync("/usr/bin/aws", [.. arguments, "--endpoint-url", _app.Endpoint.ToString().TrimEnd('/'), "--output", "json"],
            new Dictionary<string, string>(AwsCli.Credentials) { ["AWS_ACCESS_KEY_ID"] = key, ["AWS_SECRET_ACCESS_KEY"] = secret });

    [Fact]
    public async Task AwsCli_WithTheRightKeys_UsesEveryApi()
    {
        (await Aws("test", "test", "s3", "mb", "s3://signed")).EnsureSuccess();
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, new byte[9 * 1024 * 1024]); // multipart
        try
        {
            (await Aws("AKIDSECOND", "second-secret", "s3", "cp", file, "s3://signed/dir/a b%c.bin")).EnsureSuccess();
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Contains("a b%c.bin", (await Aws("test", "test", "s3", "ls", "s3://signed/dir/")).EnsureSuccess().StandardOutput);
        (await Aws("test", "test", "sqs", "create-queue", "--queue-name", "signed")).EnsureSuccess();
        (await Aws("test", "test", "sqs", "send-message", "--queue-url", $"{_app.Endpoint.ToString().TrimEnd('/')}/000000000000/signed",
            "--message-body", "a+b=c&d é")).EnsureSuccess();
        (await Aws("test", "test", "kinesis", "create-stream", "--stream-name", "signed", "--shard-count", "1")).EnsureSuccess();
        (await Aws("test", "test", "lambda", "list-functions")).EnsureSuccess();
        var presigned = (await Aws("test", "test", "s3", "presign", "s3://signed/dir/a b%c.bin")).EnsureSuccess().StandardOutput.Trim();
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(presigned)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await http.GetAsync(presigned.Replace("Signature=", "Signature=x", StringComparison.Ordinal))).StatusCode);
    }

    [Theory]
    [InlineData("test", "wrong", "s3", "SignatureDoesNotMatch")]
    [InlineData("nobody", "test", "s3", "InvalidAccessKeyId")]
    [InlineData("test", "wrong", "sqs", "SignatureDoesNotMatch")]
    [InlineData("nobody", "test", "sqs", "InvalidClientTokenId")]
    [InlineData("test", "wrong", "kinesis", "InvalidSignatureException")]
    [InlineData("nobody", "test", "kinesis", "UnrecognizedClientException")]
    [InlineData("test", "wrong", "lambda", "InvalidSignatureException")]
    [InlineData("nobody", "test", "lambda", "UnrecognizedClientException")]
    public async Task AwsCli_WithWrongKeys_GetsTheServicesAuthError(string key, string secret, string service, string code)
    {
        string[] command = service switch
        {
            "s3" => ["s3api", "list-buckets"],
            "sqs" => ["sqs", "list-queues"],
            "kinesis" => ["kinesis", "list-streams"],
            _ => ["lambda", "list-functions"],
        };
        var result = await Aws(key, secret, command);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"({code})", result.StandardError);
    }

    [Fact]
    public async Task Boto3_RightKeysWork_WrongKeysAndASkewedClockAreRefused()
    {
        var result = await Boto3.RunAsync(_app.Endpoint, """
            import datetime as real, io, os, urllib.error, urllib.request
            import boto3, botocore, botocore.auth
            from botocore.config import Config
            E = os.environ["ENDPOINT"]
            def client(service, secret="test", **kw):
                return boto3.client(service, endpoint_url=E, aws_access_key_id="test", aws_secret_access_key=secret,
                                    config=Config(retries={"max_attempts": 0}, **kw))
            def code(call):
                try:
                    call()
                except botocore.exceptions.ClientError as e:
                    return e.response["Error"]["Code"]
                return "ok"
            s3 = client("s3", signature_version="s3v4")
            s3.create_bucket(Bucket="boto")
            s3.put_object(Bucket="boto", Key="k", Body=io.BytesIO(b"hello"))
            assert s3.get_object(Bucket="boto", Key="k")["Body"].read() == b"hello"
            url = s3.generate_presigned_url("get_object", Params={"Bucket": "boto", "Key": "k"}, ExpiresIn=60)
            assert urllib.request.urlopen(url).read() == b"hello"
            q = client("sqs").create_queue(QueueName="boto")["QueueUrl"]
            client("sqs").send_message(QueueUrl=q, MessageBody="x")
            client("kinesis").list_streams()
            client("lambda").list_functions()
            assert code(lambda: client("s3", "bad").list_buckets()) == "SignatureDoesNotMatch"
            assert code(lambda: client("kinesis", "bad").list_streams()) == "InvalidSignatureException"

            class Skewed(real.datetime):
                @classmethod
                def utcnow(cls):
                    return real.datetime.utcnow() - real.timedelta(hours=1)
            class Shim:
                datetime = Skewed
                timedelta = real.timedelta
            botocore.auth.datetime = Shim
            # This boto3 signs with awscrt's own clock: sign by hand with botocore's (skewed) Python signer.
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            def skewed(signer, service, method, url, data=None, headers=None):
                request = AWSRequest(method=method, url=url, data=data, headers=headers or {})
                signer(Credentials("test", "test"), service, "us-east-1").add_auth(request)
                prepared = request.prepare()
                body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
                try:
                    urllib.request.urlopen(urllib.request.Request(prepared.url, data=body, headers=dict(prepared.headers), method=method))
                    raise SystemExit(f"a skewed {service} request was accepted")
                except urllib.error.HTTPError as e:
                    return e.code, e.read()
            status, body = skewed(botocore.auth.S3SigV4Auth, "s3", "GET", E + "/")
            assert status == 403 and b"<Code>RequestTimeTooSkewed</Code>" in body, body
            status, body = skewed(botocore.auth.SigV4Auth, "sqs", "POST", E + "/", "Action=ListQueues&Version=2012-11-05",
                                  {"Content-Type": "application/x-www-form-urlencoded"})
            assert status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in body and b"Signature expired" in body, body
            status, body = skewed(botocore.auth.SigV4Auth, "kinesis", "POST", E + "/", "{}",
                                  {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "Kinesis_20131202.ListStreams"})
            assert status == 400 and b'"__type":"InvalidSignatureException"' in body and b"Signature expired" in body, body
            status, body = skewed(botocore.auth.SigV4Auth, "lambda", "GET", E + "/2015-03-31/functions")
            assert status == 403 and b"Signature expired" in body, body
            print("ok")
            """);
        result.EnsureSuccess();
        Assert.Contains("ok", result.StandardOutput);
    }

    [Fact]
    public async Task DotnetSdk_StreamingSignedUpload_IsAccepted_AndAWrongSecretIsNot()
    {
        AmazonS3Client Client(string secret) => new(new BasicAWSCredentials("test", secret), new AmazonS3Config
        {
            ServiceURL = _app.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });
        using var good = Client("test");
        await good.PutBucketAsync("dotnet-signed");
        await good.PutObjectAsync(new PutObjectRequest { BucketName = "dotnet-signed", Key = "k", ContentBody = "streamed" });
        using var bad = Client("wrong");
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => bad.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "dotnet-signed", Key = "k2", ContentBody = "x",
        }));
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }

    [Fact]
    public async Task AwsChunkedUpload_WithAForgedChunkSignature_IsRefused()
    {
        using (var good = new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config
        {
            ServiceURL = _app.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1",
        }))
        {
            await good.PutBucketAsync("chunked-forgery");
        }

        var port = _app.Endpoint.Port;
        var date = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var scope = $"{date[..8]}/us-east-1/s3/aws4_request";
        const string streaming = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
        const string signed = "host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length";
        var canonical = $"PUT\n/chunked-forgery/k\n\nhost:127.0.0.1:{port}\nx-amz-content-sha256:{streaming}\nx-amz-date:{date}\n" +
                        $"x-amz-decoded-content-length:5\n\n{signed}\n{streaming}";
        var stringToSign = $"AWS4-HMAC-SHA256\n{date}\n{scope}\n{Hex(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)))}";
        var seed = Hex(System.Security.Cryptography.HMACSHA256.HashData(
            Platform.Emulators.Edge.SigV4Verifier.SigningKey("test", date[..8], "us-east-1", "s3"), System.Text.Encoding.UTF8.GetBytes(stringToSign)));
        var forged = new string('0', 64);
        var body = BadInput.Bytes($"5;chunk-signature={forged}\r\nhello\r\n0;chunk-signature={forged}\r\n\r\n");
        var reply = await RawExchange.SendAsync(port, RawExchange.Request(port, "PUT /chunked-forgery/k HTTP/1.1",
        [
            $"x-amz-content-sha256: {streaming}", $"x-amz-date: {date}", "x-amz-decoded-content-length: 5", "Content-Encoding: aws-chunked",
            $"Authorization: AWS4-HMAC-SHA256 Credential=test/{scope}, SignedHeaders={signed}, Signature={seed}",
        ], body));
        Assert.True(reply.Status == 403, reply.Body);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", reply.Body);
        Assert.Contains("chunk signature", reply.Body);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [Fact]
    public async Task UnsignedRequests_AreRefused_ButHealthAnswers()
    {
        using var http = new HttpClient { BaseAddress = _app.Endpoint };
        var s3 = await http.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, s3.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await s3.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/_platform/health")).StatusCode);
    }
}
