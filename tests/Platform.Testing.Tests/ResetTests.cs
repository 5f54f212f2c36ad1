using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;

namespace Platform.Testing.Tests;

/// <summary><c>Reset()</c>: back to what the configuration declares, with nothing left due.</summary>
public sealed class ResetTests
{
    [Fact]
    public async Task Reset_leaves_only_the_declared_resources_empty_and_no_retry_due()
    {
        await using var platform = await PlatformTestHost.StartAsync(p => p
            .AddFunction("resize", _ => throw new InvalidOperationException("corrupt image"))
            .AddBucket("uploads", b => b.Notify("resize"))
            .AddQueue("parked")
            .AddTable("orders", "id:S"));
        using var s3 = platform.CreateS3Client();
        using var sqs = platform.CreateSqsClient();
        using var dynamo = platform.CreateDynamoDbClient();

        // What a test leaves behind: its own bucket, queue and table, objects, messages, items, and
        // an upload whose failed invocation has its retry waiting out AWS's one minute.
        await s3.PutBucketAsync("scratch");
        await s3.PutObjectAsync(new() { BucketName = "scratch", Key = "k", ContentBody = "x" });
        await sqs.CreateQueueAsync("scratch");
        await sqs.SendMessageAsync((await sqs.GetQueueUrlAsync("parked")).QueueUrl, "left over");
        await dynamo.PutItemAsync("orders", new() { ["id"] = new AttributeValue("o-1") });
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = "scratch",
            KeySchema = [new KeySchemaElement("id", "HASH")],
            AttributeDefinitions = [new AttributeDefinition("id", "S")],
            BillingMode = "PAY_PER_REQUEST",
        });
        await s3.PutObjectAsync(new() { BucketName = "uploads", Key = "a.jpg", ContentBody = "x" });
        await platform.Invocations.WaitForAsync("resize", count: 1);
        await platform.WaitUntilIdleAsync();

        await platform.ResetAsync();

        Assert.Equal(["uploads"], (await s3.ListBucketsAsync()).Buckets.Select(b => b.BucketName));
        Assert.Empty((await s3.ListObjectsV2Async(new() { BucketName = "uploads" })).S3Objects ?? []);
        Assert.Equal(["parked"], (await sqs.ListQueuesAsync(new ListQueuesRequest())).QueueUrls.Select(u => u[(u.LastIndexOf('/') + 1)..]));
        var parked = await sqs.GetQueueAttributesAsync((await sqs.GetQueueUrlAsync("parked")).QueueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal(0, parked.ApproximateNumberOfMessages + parked.ApproximateNumberOfMessagesNotVisible);
        Assert.Equal(["orders"], (await dynamo.ListTablesAsync()).TableNames);
        Assert.Empty((await dynamo.ScanAsync(new ScanRequest("orders"))).Items);
        Assert.Empty(platform.Invocations.All);

        // The retry that was due in a minute is gone with the rest.
        platform.Clock.Advance(TimeSpan.FromMinutes(5));
        await platform.WaitUntilIdleAsync();
        Assert.Empty(platform.Invocations.All);

        // And the declared trigger still works.
        await s3.PutObjectAsync(new() { BucketName = "uploads", Key = "b.jpg", ContentBody = "x" });
        var again = await platform.Invocations.WaitForAsync("resize", count: 1);
        Assert.Contains("b.jpg", again[0].Payload);
    }
}

/// <summary>The class fixture of docs/testing.md: one host for the class, reset after each test.</summary>
public sealed class UploadsFixture : IAsyncLifetime
{
    public PlatformTestHost Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await PlatformTestHost.StartAsync(p => p
        .AddFunction("resize", _ => Task.FromResult<string?>(null))
        .AddBucket("uploads", b => b.Notify("resize"))
        .AddQueue("jobs"));

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

/// <summary>Each test starts from the declared state, whichever ran first and whatever it left.</summary>
public sealed class ClassFixtureResetTests(UploadsFixture fixture) : IClassFixture<UploadsFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await fixture.Platform.WaitUntilIdleAsync();
        await fixture.Platform.ResetAsync();
    }

    [Fact]
    public Task First_test_makes_a_mess() => StartsCleanThenMakesAMessAsync("first");

    [Fact]
    public Task Second_test_makes_a_mess() => StartsCleanThenMakesAMessAsync("second");

    private async Task StartsCleanThenMakesAMessAsync(string test)
    {
        var platform = fixture.Platform;
        using var s3 = platform.CreateS3Client();
        using var sqs = platform.CreateSqsClient();
        Assert.Equal(["uploads"], (await s3.ListBucketsAsync()).Buckets.Select(b => b.BucketName));
        Assert.Empty((await s3.ListObjectsV2Async(new() { BucketName = "uploads" })).S3Objects ?? []);
        Assert.Equal(["jobs"], (await sqs.ListQueuesAsync(new ListQueuesRequest())).QueueUrls.Select(u => u[(u.LastIndexOf('/') + 1)..]));
        Assert.Empty((await sqs.ReceiveMessageAsync((await sqs.GetQueueUrlAsync("jobs")).QueueUrl)).Messages ?? []);
        Assert.Empty(platform.Invocations.All);

        await s3.PutBucketAsync("mess");
        await sqs.CreateQueueAsync("mess");
        await sqs.SendMessageAsync((await sqs.GetQueueUrlAsync("jobs")).QueueUrl, test);
        await s3.PutObjectAsync(new() { BucketName = "uploads", Key = test + ".jpg", ContentBody = "x" });
        await platform.Invocations.WaitForAsync("resize", count: 1);
    }
}
