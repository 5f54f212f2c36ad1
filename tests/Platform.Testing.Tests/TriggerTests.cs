using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Testing.Tests;

/// <summary>One test per trigger kind, written the way a user tests their own function.</summary>
public sealed class TriggerTests
{
    [Fact]
    public async Task An_upload_runs_the_function_its_bucket_notifies()
    {
        var thumbnails = new Thumbnails();
        await using var platform = await PlatformTestHost.StartAsync(p => p
            .AddFunction<ResizeImage>("resize")
            .ConfigureServices(s => s.AddSingleton(thumbnails))
            .AddBucket("uploads", b => b.Notify("resize", "s3:ObjectCreated:*")));
        using var s3 = platform.CreateS3Client();

        await s3.PutObjectAsync(new() { BucketName = "uploads", Key = "red flower.jpg", ContentBody = "x" });

        var invocation = Assert.Single(await platform.Invocations.WaitForAsync("resize", count: 1));
        Assert.True(invocation.Succeeded);
        Assert.Equal("s3:uploads", invocation.Trigger);
        var record = JsonDocument.Parse(invocation.Payload).RootElement.GetProperty("Records")[0];
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal("red+flower.jpg", record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Equal(["red flower.jpg.thumb"], thumbnails.Made);
    }

    [Fact]
    public async Task A_message_runs_the_function_mapped_to_its_queue()
    {
        var received = new List<string>();
        await using var platform = await PlatformTestHost.StartAsync(p => p
            .AddFunction("record-orders", payload =>
            {
                lock (received)
                    received.Add(payload);
                return Task.FromResult<string?>(null);
            })
            .AddQueue("orders")
            .AddSqsTrigger("record-orders", "orders", m => m with { BatchSize = 10 }));
        using var sqs = platform.CreateSqsClient();
        var url = (await sqs.GetQueueUrlAsync("orders")).QueueUrl;

        await sqs.SendMessageAsync(url, """{"orderId":"o-1"}""");

        var invocation = Assert.Single(await platform.Invocations.WaitForAsync("record-orders"));
        var message = JsonDocument.Parse(invocation.Payload).RootElement.GetProperty("Records")[0];
        Assert.Equal("aws:sqs", message.GetProperty("eventSource").GetString());
        Assert.Equal("""{"orderId":"o-1"}""", message.GetProperty("body").GetString());
        // Deleted once the function succeeded: the queue is empty, nothing is left in flight.
        await platform.WaitUntilIdleAsync();
        var attributes = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages);
        Assert.Equal(0, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task A_record_runs_the_function_mapped_to_its_stream()
    {
        await using var platform = await PlatformTestHost.StartAsync(p => p
            .AddFunction("count-clicks", _ => Task.FromResult<string?>(null))
            .AddStream("clicks", shardCount: 2)
            .AddKinesisTrigger("count-clicks", "clicks", m => m with { BatchSize = 100 }));

        await KinesisApi.PutRecordAsync(platform, "clicks", "user-7", """{"page":"/"}""");

        var invocation = Assert.Single(await platform.Invocations.WaitForAsync("count-clicks"));
        var record = JsonDocument.Parse(invocation.Payload).RootElement.GetProperty("Records")[0];
        Assert.Equal("aws:kinesis", record.GetProperty("eventSource").GetString());
        Assert.Equal("user-7", record.GetProperty("kinesis").GetProperty("partitionKey").GetString());
        await platform.WaitUntilIdleAsync();
    }

    [Fact]
    public async Task An_item_write_runs_the_function_mapped_to_the_table_stream()
    {
        await using var platform = await PlatformTestHost.StartAsync(p => p
            .AddFunction("audit", _ => Task.FromResult<string?>(null))
            .AddTable("orders", "pk:S")
            .AddDynamoDbTrigger("audit", "orders"));
        using var dynamo = platform.CreateDynamoDbClient();

        await dynamo.PutItemAsync("orders", new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "o-1" } });

        var invocation = Assert.Single(await platform.Invocations.WaitForAsync("audit"));
        var record = JsonDocument.Parse(invocation.Payload).RootElement.GetProperty("Records")[0];
        Assert.Equal("INSERT", record.GetProperty("eventName").GetString());
        Assert.Equal("o-1", record.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString());
    }
}
