using System.Security.Cryptography;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Storage;

[Collection(StorageServerCollection.Name)]
public sealed class AwsCliStorageTests(StorageServerFixture server)
{
    private readonly AwsCli _aws = new(new Uri(server.Endpoint));

    private static string NewBucket() => "cli-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task HighLevelCommands_MakeListCopyRemove_WithMultipartUploadAndDownload()
    {
        var bucket = NewBucket();
        await _aws.RunOkAsync("s3", "mb", $"s3://{bucket}");
        Assert.Contains(bucket, await _aws.RunOkAsync("s3", "ls"));

        var work = Directory.CreateTempSubdirectory("s3cli");
        try
        {
            var big = Path.Combine(work.FullName, "big.bin");
            var bytes = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 123);
            await File.WriteAllBytesAsync(big, bytes);
            await _aws.RunOkAsync("s3", "cp", big, $"s3://{bucket}/dir/big.bin");

            var head = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "head-object", "--bucket", bucket, "--key", "dir/big.bin")).RootElement;
            Assert.Equal(bytes.Length, head.GetProperty("ContentLength").GetInt64());
            Assert.EndsWith("-2\"", head.GetProperty("ETag").GetString());
            var changes = server.Engine.ReadChanges(0, 100_000).Where(c => c.Bucket == bucket).ToList();
            Assert.Single(changes);
            Assert.Equal("ObjectCreated:CompleteMultipartUpload", changes[0].EventName);
            Assert.Equal("127.0.0.1", changes[0].SourceIpAddress);

            var listing = await _aws.RunOkAsync("s3", "ls", $"s3://{bucket}/dir/");
            Assert.Contains("big.bin", listing);

            var downloaded = Path.Combine(work.FullName, "down.bin");
            await _aws.RunOkAsync("s3", "cp", $"s3://{bucket}/dir/big.bin", downloaded);
            Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await File.ReadAllBytesAsync(downloaded)));

            var rb = await _aws.RunAsync("s3", "rb", $"s3://{bucket}");
            Assert.NotEqual(0, rb.ExitCode);
            Assert.Contains("BucketNotEmpty", rb.StandardError);
            await _aws.RunOkAsync("s3", "rb", $"s3://{bucket}", "--force");
            Assert.DoesNotContain(bucket, await _aws.RunOkAsync("s3", "ls"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PutObject_WithMetadata_RoundTripsThroughHeadAndRangedGet()
    {
        var bucket = NewBucket();
        await _aws.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "0123456789abcdefghij");
            var put = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "docs/a b+c.txt",
                "--body", file, "--content-type", "text/plain", "--cache-control", "max-age=60", "--content-disposition", "inline",
                "--metadata", "color=red,Shape=round")).RootElement;
            Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData("0123456789abcdefghij"u8)) + "\"", put.GetProperty("ETag").GetString());

            var head = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "head-object", "--bucket", bucket, "--key", "docs/a b+c.txt")).RootElement;
            Assert.Equal("text/plain", head.GetProperty("ContentType").GetString());
            Assert.Equal("max-age=60", head.GetProperty("CacheControl").GetString());
            Assert.Equal("inline", head.GetProperty("ContentDisposition").GetString());
            Assert.Equal("red", head.GetProperty("Metadata").GetProperty("color").GetString());
            Assert.Equal("round", head.GetProperty("Metadata").GetProperty("shape").GetString());

            var output = file + ".out";
            var get = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "get-object", "--bucket", bucket, "--key", "docs/a b+c.txt",
                "--range", "bytes=2-5", output)).RootElement;
            Assert.Equal("bytes 2-5/20", get.GetProperty("ContentRange").GetString());
            Assert.Equal("2345", await File.ReadAllTextAsync(output));
            await _aws.RunOkAsync("s3api", "get-object", "--bucket", bucket, "--key", "docs/a b+c.txt", "--range", "bytes=-3", output);
            Assert.Equal("hij", await File.ReadAllTextAsync(output));
            File.Delete(output);

            var missing = await _aws.RunAsync("s3api", "head-object", "--bucket", bucket, "--key", "nope");
            Assert.Contains("404", missing.StandardError);
            var bad = await _aws.RunAsync("s3api", "get-object", "--bucket", bucket, "--key", "docs/a b+c.txt", "--range", "bytes=100-", output);
            Assert.Contains("InvalidRange", bad.StandardError);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task CopyObject_And_DeleteObjects()
    {
        var bucket = NewBucket();
        await _aws.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "copy me");
            await _aws.RunOkAsync("s3api", "put-object", "--bucket", bucket, "--key", "src/ä x.txt", "--body", file, "--metadata", "k=v");
            var copy = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "copy-object", "--bucket", bucket, "--key", "dst/copy.txt",
                "--copy-source", $"{bucket}/src/ä x.txt")).RootElement;
            Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData("copy me"u8)) + "\"",
                copy.GetProperty("CopyObjectResult").GetProperty("ETag").GetString());
            var head = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "head-object", "--bucket", bucket, "--key", "dst/copy.txt")).RootElement;
            Assert.Equal("v", head.GetProperty("Metadata").GetProperty("k").GetString());

            await _aws.RunOkAsync("s3api", "copy-object", "--bucket", bucket, "--key", "dst/replaced.txt", "--copy-source", $"{bucket}/src/ä x.txt",
                "--metadata-directive", "REPLACE", "--metadata", "n=w", "--content-type", "text/x");
            head = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "head-object", "--bucket", bucket, "--key", "dst/replaced.txt")).RootElement;
            Assert.Equal("w", head.GetProperty("Metadata").GetProperty("n").GetString());
            Assert.False(head.GetProperty("Metadata").TryGetProperty("k", out _));
            Assert.Equal("text/x", head.GetProperty("ContentType").GetString());

            var self = await _aws.RunAsync("s3api", "copy-object", "--bucket", bucket, "--key", "src/ä x.txt", "--copy-source", $"{bucket}/src/ä x.txt");
            Assert.Contains("InvalidRequest", self.StandardError);

            var deleted = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "delete-objects", "--bucket", bucket, "--delete",
                """{"Objects":[{"Key":"src/ä x.txt"},{"Key":"dst/copy.txt"},{"Key":"never-existed"}]}""")).RootElement;
            Assert.Equal(3, deleted.GetProperty("Deleted").GetArrayLength());
            var names = server.Engine.ReadChanges(0, 100_000).Where(c => c.Bucket == bucket).Select(c => c.EventName + " " + c.Key).ToList();
            Assert.Equal(["ObjectCreated:Put src/ä x.txt", "ObjectCreated:Copy dst/copy.txt", "ObjectCreated:Copy dst/replaced.txt",
                "ObjectRemoved:Delete src/ä x.txt", "ObjectRemoved:Delete dst/copy.txt"], names);
            var left = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-objects-v2", "--bucket", bucket)).RootElement;
            Assert.Equal("dst/replaced.txt", left.GetProperty("Contents")[0].GetProperty("Key").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ListObjectsV2_WithDelimiterAndPagination()
    {
        var bucket = NewBucket();
        await server.Engine.CreateBucketAsync(bucket, null, CancellationToken.None);
        string[] keys = ["a/1", "a/2", "b/1", "c", "d e/1", "d e/2", "f+g", "h", "i/j/k"];
        foreach (var key in keys)
            await server.Engine.PutObjectAsync(new Platform.Emulators.Storage.Engine.PutObjectRequest(bucket, key), new MemoryStream([1]),
                Platform.Emulators.Storage.Engine.RequestOrigin.Internal, CancellationToken.None);

        var top = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-objects-v2", "--bucket", bucket, "--delimiter", "/")).RootElement;
        Assert.Equal(["c", "f+g", "h"], top.GetProperty("Contents").EnumerateArray().Select(e => e.GetProperty("Key").GetString()));
        Assert.Equal(["a/", "b/", "d e/", "i/"], top.GetProperty("CommonPrefixes").EnumerateArray().Select(e => e.GetProperty("Prefix").GetString()));

        var paged = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-objects-v2", "--bucket", bucket, "--page-size", "2")).RootElement;
        Assert.Equal(keys, paged.GetProperty("Contents").EnumerateArray().Select(e => e.GetProperty("Key").GetString()));

        var pagedByDelimiter = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-objects-v2", "--bucket", bucket, "--delimiter", "/",
            "--page-size", "2")).RootElement;
        Assert.Equal(["a/", "b/", "c", "d e/", "f+g", "h", "i/"], Items(pagedByDelimiter).Order(StringComparer.Ordinal));

        var first = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-objects-v2", "--bucket", bucket, "--max-items", "4")).RootElement;
        var token = first.GetProperty("NextToken").GetString()!;
        var rest = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-objects-v2", "--bucket", bucket, "--starting-token", token)).RootElement;
        Assert.Equal(keys, Items(first).Concat(Items(rest)));

        var prefixed = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "d e/",
            "--start-after", "d e/1")).RootElement;
        Assert.Equal(["d e/2"], prefixed.GetProperty("Contents").EnumerateArray().Select(e => e.GetProperty("Key").GetString()));

        var v1 = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-objects", "--bucket", bucket, "--page-size", "4")).RootElement;
        Assert.Equal(keys, v1.GetProperty("Contents").EnumerateArray().Select(e => e.GetProperty("Key").GetString()));

        static IEnumerable<string> Items(JsonElement page) =>
            (page.TryGetProperty("Contents", out var c) ? c.EnumerateArray().Select(e => e.GetProperty("Key").GetString()!) : [])
            .Concat(page.TryGetProperty("CommonPrefixes", out var p) ? p.EnumerateArray().Select(e => e.GetProperty("Prefix").GetString()!) : []);
    }

    [Fact]
    public async Task MultipartApi_CreateUploadListCompleteAndAbort()
    {
        var bucket = NewBucket();
        await _aws.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        var work = Directory.CreateTempSubdirectory("s3mp");
        try
        {
            var part1 = Path.Combine(work.FullName, "p1");
            var part2 = Path.Combine(work.FullName, "p2");
            var b1 = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
            var b2 = RandomNumberGenerator.GetBytes(1000);
            await File.WriteAllBytesAsync(part1, b1);
            await File.WriteAllBytesAsync(part2, b2);

            var upload = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "mp.bin",
                "--metadata", "m=1")).RootElement.GetProperty("UploadId").GetString()!;
            Assert.DoesNotContain(server.Engine.ReadChanges(0, 100_000), c => c.Bucket == bucket);

            var e1 = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "upload-part", "--bucket", bucket, "--key", "mp.bin", "--upload-id", upload,
                "--part-number", "1", "--body", part1)).RootElement.GetProperty("ETag").GetString()!;
            var e2 = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "upload-part", "--bucket", bucket, "--key", "mp.bin", "--upload-id", upload,
                "--part-number", "2", "--body", part2)).RootElement.GetProperty("ETag").GetString()!;

            var parts = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-parts", "--bucket", bucket, "--key", "mp.bin", "--upload-id", upload))
                .RootElement.GetProperty("Parts");
            Assert.Equal(2, parts.GetArrayLength());
            Assert.Equal(1000, parts[1].GetProperty("Size").GetInt64());
            var uploads = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "list-multipart-uploads", "--bucket", bucket)).RootElement;
            Assert.Equal(upload, uploads.GetProperty("Uploads")[0].GetProperty("UploadId").GetString());

            var wrongOrder = await _aws.RunAsync("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "mp.bin", "--upload-id", upload,
                "--multipart-upload", $$"""{"Parts":[{"PartNumber":2,"ETag":{{JsonSerializer.Serialize(e2)}}},{"PartNumber":1,"ETag":{{JsonSerializer.Serialize(e1)}}}]}""");
            Assert.Contains("InvalidPartOrder", wrongOrder.StandardError);
            var wrongTag = await _aws.RunAsync("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "mp.bin", "--upload-id", upload,
                "--multipart-upload", """{"Parts":[{"PartNumber":1,"ETag":"\"00000000000000000000000000000000\""}]}""");
            Assert.Contains("InvalidPart", wrongTag.StandardError);
            var tooSmall = await _aws.RunAsync("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "mp.bin", "--upload-id", upload,
                "--multipart-upload", $$"""{"Parts":[{"PartNumber":2,"ETag":{{JsonSerializer.Serialize(e2)}}},{"PartNumber":3,"ETag":{{JsonSerializer.Serialize(e2)}}}]}""");
            Assert.Contains("InvalidPart", tooSmall.StandardError);

            var done = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "mp.bin",
                "--upload-id", upload, "--multipart-upload",
                $$"""{"Parts":[{"PartNumber":1,"ETag":{{JsonSerializer.Serialize(e1)}}},{"PartNumber":2,"ETag":{{JsonSerializer.Serialize(e2)}}}]}"""))
                .RootElement;
            var expected = Convert.ToHexStringLower(MD5.HashData([.. MD5.HashData(b1), .. MD5.HashData(b2)])) + "-2";
            Assert.Equal("\"" + expected + "\"", done.GetProperty("ETag").GetString());
            var head = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "head-object", "--bucket", bucket, "--key", "mp.bin")).RootElement;
            Assert.Equal(b1.Length + b2.Length, head.GetProperty("ContentLength").GetInt64());
            Assert.Equal("1", head.GetProperty("Metadata").GetProperty("m").GetString());
            var changes = server.Engine.ReadChanges(0, 100_000).Where(c => c.Bucket == bucket).ToList();
            Assert.Equal("ObjectCreated:CompleteMultipartUpload", Assert.Single(changes).EventName);
            Assert.Equal(expected, changes[0].ETag);

            var again = await _aws.RunAsync("s3api", "list-parts", "--bucket", bucket, "--key", "mp.bin", "--upload-id", upload);
            Assert.Contains("NoSuchUpload", again.StandardError);

            var aborted = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "gone.bin"))
                .RootElement.GetProperty("UploadId").GetString()!;
            await _aws.RunOkAsync("s3api", "upload-part", "--bucket", bucket, "--key", "gone.bin", "--upload-id", aborted, "--part-number", "1",
                "--body", part2);
            await _aws.RunOkAsync("s3api", "abort-multipart-upload", "--bucket", bucket, "--key", "gone.bin", "--upload-id", aborted);
            var afterAbort = await _aws.RunAsync("s3api", "abort-multipart-upload", "--bucket", bucket, "--key", "gone.bin", "--upload-id", aborted);
            Assert.Contains("NoSuchUpload", afterAbort.StandardError);

            var badPart = await _aws.RunAsync("s3api", "upload-part", "--bucket", bucket, "--key", "mp.bin", "--upload-id", "x",
                "--part-number", "10001", "--body", part2);
            Assert.Contains("InvalidArgument", badPart.StandardError);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task NotificationConfiguration_PutGetAndRejections()
    {
        var bucket = NewBucket();
        await _aws.RunOkAsync("s3api", "create-bucket", "--bucket", bucket);
        const string arn = "arn:aws:lambda:us-east-1:000000000000:function:thumbs";
        var config = $$$$"""
            {"LambdaFunctionConfigurations":[
              {"Id":"images","LambdaFunctionArn":"{{{{arn}}}}","Events":["s3:ObjectCreated:*"],
               "Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":"images/"},{"Name":"suffix","Value":".jpg"}]}}},
              {"LambdaFunctionArn":"{{{{arn}}}}","Events":["s3:ObjectRemoved:Delete"]}]}
            """;
        await _aws.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", config);
        var got = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", bucket)).RootElement
            .GetProperty("LambdaFunctionConfigurations");
        Assert.Equal(2, got.GetArrayLength());
        Assert.Equal("images", got[0].GetProperty("Id").GetString());
        Assert.Equal(arn, got[0].GetProperty("LambdaFunctionArn").GetString());
        Assert.Equal("s3:ObjectCreated:*", got[0].GetProperty("Events")[0].GetString());
        Assert.Equal(2, got[0].GetProperty("Filter").GetProperty("Key").GetProperty("FilterRules").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(got[1].GetProperty("Id").GetString()));
        Assert.Contains(server.Engine.ListNotificationConfigurations(), n => n.Bucket == bucket);

        async Task Rejected(string json, string message)
        {
            var result = await _aws.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", json);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("InvalidArgument", result.StandardError);
            Assert.Contains(message, result.StandardError);
        }

        await Rejected($$$$"""{"LambdaFunctionConfigurations":[{"LambdaFunctionArn":"arn:aws:lambda:us-east-1:000000000000:function:x","Events":["s3:ObjectCreated:*"]},{"LambdaFunctionArn":"{{{{arn}}}}","Events":["s3:ObjectCreated:Put"]}]}""",
            "Configurations overlap");
        await Rejected("""{"LambdaFunctionConfigurations":[{"LambdaFunctionArn":"arn:aws:lambda:eu-west-1:1:function:nope","Events":["s3:ObjectCreated:*"]}]}""",
            "Unable to validate the following destination configurations");
        await Rejected($$$$"""{"LambdaFunctionConfigurations":[{"LambdaFunctionArn":"{{{{arn}}}}","Events":["s3:ObjectExploded:*"]}]}""",
            "not supported");
        await Rejected($$$$"""{"LambdaFunctionConfigurations":[{"LambdaFunctionArn":"{{{{arn}}}}","Events":["s3:ObjectCreated:*"],"Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":"a"},{"Name":"prefix","Value":"b"}]}}}]}""",
            "more than one prefix");

        // The rejected PUTs left the stored configuration alone; an empty one clears it.
        got = JsonDocument.Parse(await _aws.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", bucket)).RootElement
            .GetProperty("LambdaFunctionConfigurations");
        Assert.Equal(2, got.GetArrayLength());
        await _aws.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", bucket, "--notification-configuration", "{}");
        Assert.DoesNotContain(server.Engine.ListNotificationConfigurations(), n => n.Bucket == bucket);
    }

    [Fact]
    public async Task PresignedGet_FromTheCli_Works()
    {
        var bucket = NewBucket();
        await server.Engine.CreateBucketAsync(bucket, null, CancellationToken.None);
        await server.Engine.PutObjectAsync(new Platform.Emulators.Storage.Engine.PutObjectRequest(bucket, "p/q r.txt"),
            new MemoryStream("presigned!"u8.ToArray()), Platform.Emulators.Storage.Engine.RequestOrigin.Internal, CancellationToken.None);
        var url = (await _aws.RunOkAsync("s3", "presign", $"s3://{bucket}/p/q r.txt", "--expires-in", "300")).Trim();
        using var http = new HttpClient();
        Assert.Equal("presigned!", await http.GetStringAsync(url));
    }
}
