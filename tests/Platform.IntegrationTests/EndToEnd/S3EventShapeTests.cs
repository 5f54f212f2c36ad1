using System.Globalization;
using System.Text.Json;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// The event a function receives for each kind of S3 change, made by real clients (aws CLI,
/// boto3), checked field by field against SEMANTICS.md.
/// </summary>
public sealed class S3EventShapeTests(S3EventShapeTests.Fixture fixture) : IClassFixture<S3EventShapeTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public EventCollector Events { get; } = new();
        public PlatformApp App { get; private set; } = null!;
        public AwsCli Aws { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = await InProcessPlatform.StartAsync(new PlatformConfig
            {
                Buckets = ["events", "filtered"],
                S3Triggers =
                [
                    new S3TriggerDeclaration
                    {
                        Function = "collect", Bucket = "events", Id = ConfigLoader.S3TriggerIdPrefix + "collect",
                        Events = ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"],
                    },
                ],
            }, services => services.AddCollectingFunction("collect", Events, concurrency: 1));
            Aws = new AwsCli(App.Endpoint);
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private AwsCli Aws => fixture.Aws;
    private EventCollector Events => fixture.Events;

    private static async Task<string> TempFile(long size)
    {
        var path = Path.GetTempFileName();
        await using var file = File.OpenWrite(path);
        var block = new byte[64 * 1024];
        Random.Shared.NextBytes(block);
        for (long written = 0; written < size; written += block.Length)
            await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, size - written)));
        return path;
    }

    private static JsonElement Record(JsonElement evt) => Assert.Single(evt.GetProperty("Records").EnumerateArray());

    [Fact]
    public async Task A_put_gives_an_ObjectCreated_Put_record_with_every_field_of_the_S3_shape()
    {
        var file = await TempFile(1234);
        await Aws.RunOkAsync("s3", "cp", file, "s3://events/shape/red flower+1.jpg");

        var record = Record((await Events.WaitForAsync(EventCollector.S3Key("shape/red+flower%2B1.jpg")))[0]);

        Assert.Equal("2.1", record.GetProperty("eventVersion").GetString());
        Assert.Equal("aws:s3", record.GetProperty("eventSource").GetString());
        Assert.Equal("us-east-1", record.GetProperty("awsRegion").GetString());
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        var time = record.GetProperty("eventTime").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", time);
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(time, CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(1));
        Assert.False(string.IsNullOrEmpty(record.GetProperty("userIdentity").GetProperty("principalId").GetString()));
        Assert.Equal("127.0.0.1", record.GetProperty("requestParameters").GetProperty("sourceIPAddress").GetString());
        var response = record.GetProperty("responseElements");
        Assert.False(string.IsNullOrEmpty(response.GetProperty("x-amz-request-id").GetString()));
        Assert.False(string.IsNullOrEmpty(response.GetProperty("x-amz-id-2").GetString()));

        var s3 = record.GetProperty("s3");
        Assert.Equal("1.0", s3.GetProperty("s3SchemaVersion").GetString());
        Assert.Equal(ConfigLoader.S3TriggerIdPrefix + "collect", s3.GetProperty("configurationId").GetString());
        var bucket = s3.GetProperty("bucket");
        Assert.Equal("events", bucket.GetProperty("name").GetString());
        Assert.Equal("arn:aws:s3:::events", bucket.GetProperty("arn").GetString());
        Assert.False(string.IsNullOrEmpty(bucket.GetProperty("ownerIdentity").GetProperty("principalId").GetString()));
        var obj = s3.GetProperty("object");
        Assert.Equal(1234, obj.GetProperty("size").GetInt64());
        Assert.Matches("^[0-9a-f]{32}$", obj.GetProperty("eTag").GetString()!);
        Assert.Matches("^[0-9A-F]+$", obj.GetProperty("sequencer").GetString()!);
        Assert.False(obj.TryGetProperty("versionId", out _));
    }

    [Fact]
    public async Task Sequencers_increase_for_puts_and_deletes_of_one_key_and_deletes_carry_no_size()
    {
        await Aws.RunOkAsync("s3api", "put-object", "--bucket", "events", "--key", "seq/k", "--body", await TempFile(10));
        await Aws.RunOkAsync("s3api", "put-object", "--bucket", "events", "--key", "seq/k", "--body", await TempFile(20));
        await Aws.RunOkAsync("s3api", "delete-object", "--bucket", "events", "--key", "seq/k");

        var records = (await Events.WaitForAsync(EventCollector.S3Key("seq/k"), count: 3)).Select(Record).ToList();

        var byName = records.OrderBy(r => r.GetProperty("s3").GetProperty("object").GetProperty("sequencer").GetString(), StringComparer.Ordinal)
            .Select(r => r.GetProperty("eventName").GetString()).ToList();
        Assert.Equal(["ObjectCreated:Put", "ObjectCreated:Put", "ObjectRemoved:Delete"], byName);
        var removed = records.Single(r => r.GetProperty("eventName").GetString() == "ObjectRemoved:Delete").GetProperty("s3").GetProperty("object");
        Assert.False(removed.TryGetProperty("size", out _));
        Assert.False(removed.TryGetProperty("eTag", out _));
    }

    [Fact]
    public async Task A_multipart_upload_gives_exactly_one_CompleteMultipartUpload_event()
    {
        var file = await TempFile(12 * 1024 * 1024);
        await Aws.RunOkAsync("s3", "cp", file, "s3://events/multipart/big.bin");
        // A later upload through the same single-slot function marks the end of what the multipart upload caused.
        await Aws.RunOkAsync("s3", "cp", await TempFile(1), "s3://events/multipart/after.bin");
        await Events.WaitForAsync(EventCollector.S3Key("multipart/after.bin"));

        var record = Record(Assert.Single(Events.Snapshot(), EventCollector.S3Key("multipart/big.bin")));
        Assert.Equal("ObjectCreated:CompleteMultipartUpload", record.GetProperty("eventName").GetString());
        Assert.Equal(12 * 1024 * 1024, record.GetProperty("s3").GetProperty("object").GetProperty("size").GetInt64());
        Assert.EndsWith("-2", record.GetProperty("s3").GetProperty("object").GetProperty("eTag").GetString());
    }

    [Fact]
    public async Task A_presigned_put_gives_an_event()
    {
        var result = await Boto3.RunAsync(fixture.App.Endpoint, """
            import os, boto3, urllib.request
            s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
            url = s3.generate_presigned_url("put_object", Params={"Bucket": "events", "Key": "presigned/p.txt"}, ExpiresIn=300)
            req = urllib.request.Request(url, data=b"presigned body", method="PUT")
            print(urllib.request.urlopen(req).status)
            """);
        Assert.Equal("200", result.EnsureSuccess().StandardOutput.Trim());

        var record = Record((await Events.WaitForAsync(EventCollector.S3Key("presigned/p.txt")))[0]);
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal(14, record.GetProperty("s3").GetProperty("object").GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task A_browser_post_upload_gives_ObjectCreated_Post()
    {
        var result = await Boto3.RunAsync(fixture.App.Endpoint, """
            import os, boto3, urllib.request, uuid
            s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
            post = s3.generate_presigned_post("events", "post/${filename}")
            boundary = uuid.uuid4().hex
            parts = []
            for k, v in post["fields"].items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="form.txt"\r\nContent-Type: text/plain\r\n\r\n'.encode() + b"posted" + b"\r\n")
            parts.append(f'--{boundary}--\r\n'.encode())
            req = urllib.request.Request(post["url"], data=b"".join(parts), method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
            print(urllib.request.urlopen(req).status)
            """);
        Assert.Equal("204", result.EnsureSuccess().StandardOutput.Trim());

        var record = Record((await Events.WaitForAsync(EventCollector.S3Key("post/form.txt")))[0]);
        Assert.Equal("ObjectCreated:Post", record.GetProperty("eventName").GetString());
    }

    [Fact]
    public async Task A_copy_gives_ObjectCreated_Copy()
    {
        await Aws.RunOkAsync("s3api", "put-object", "--bucket", "events", "--key", "copy/source", "--body", await TempFile(5));
        await Aws.RunOkAsync("s3api", "copy-object", "--bucket", "events", "--key", "copy/target", "--copy-source", "events/copy/source");

        var record = Record((await Events.WaitForAsync(EventCollector.S3Key("copy/target")))[0]);
        Assert.Equal("ObjectCreated:Copy", record.GetProperty("eventName").GetString());
        Assert.Equal(5, record.GetProperty("s3").GetProperty("object").GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Prefix_and_suffix_filters_set_through_the_api_select_keys()
    {
        var configuration = JsonSerializer.Serialize(new
        {
            LambdaFunctionConfigurations = new[]
            {
                new
                {
                    Id = "jpg-under-images",
                    LambdaFunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:collect",
                    Events = new[] { "s3:ObjectCreated:*" },
                    Filter = new { Key = new { FilterRules = new[] { new { Name = "prefix", Value = "images/" }, new { Name = "suffix", Value = ".jpg" } } } },
                },
            },
        });
        await Aws.RunOkAsync("s3api", "put-bucket-notification-configuration", "--bucket", "filtered",
            "--notification-configuration", configuration);
        var shown = JsonDocument.Parse(await Aws.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", "filtered")).RootElement;
        Assert.Equal("jpg-under-images", shown.GetProperty("LambdaFunctionConfigurations")[0].GetProperty("Id").GetString());

        var file = await TempFile(3);
        foreach (var key in new[] { "images/a.png", "docs/b.jpg", "images/c.jpg" })
            await Aws.RunOkAsync("s3", "cp", file, $"s3://filtered/{key}");

        await Events.WaitForAsync(EventCollector.S3Key("images/c.jpg"));
        Assert.DoesNotContain(Events.Snapshot(), EventCollector.S3Key("images/a.png"));
        Assert.DoesNotContain(Events.Snapshot(), EventCollector.S3Key("docs/b.jpg"));
    }

    [Fact]
    public async Task Overlapping_or_invalid_notification_configurations_are_rejected_as_S3_does()
    {
        string Config(string events, string prefix) => JsonSerializer.Serialize(new
        {
            LambdaFunctionConfigurations = new[]
            {
                new { Id = "a", LambdaFunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:collect", Events = new[] { events },
                      Filter = new { Key = new { FilterRules = new[] { new { Name = "prefix", Value = prefix } } } } },
                new { Id = "b", LambdaFunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:collect", Events = new[] { "s3:ObjectCreated:Put" },
                      Filter = new { Key = new { FilterRules = new[] { new { Name = "prefix", Value = "logs/" } } } } },
            },
        });

        var overlap = await Aws.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", "filtered",
            "--notification-configuration", Config("s3:ObjectCreated:*", "logs/2026/"));
        var unknownEvent = await Aws.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", "filtered",
            "--notification-configuration", Config("s3:ObjectExploded:*", "other/"));
        var unknownFunction = await Aws.RunAsync("s3api", "put-bucket-notification-configuration", "--bucket", "filtered",
            "--notification-configuration", Config("s3:ObjectCreated:*", "other/").Replace("function:collect", "function:nope"));

        Assert.Contains("InvalidArgument", overlap.StandardError);
        Assert.Contains("InvalidArgument", unknownEvent.StandardError);
        Assert.Contains("InvalidArgument", unknownFunction.StandardError);
    }
}
