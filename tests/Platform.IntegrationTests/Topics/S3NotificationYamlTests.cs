using System.Text.Json;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Topics;

/// <summary>platform.yaml's `buckets:` notifications: the queue, topic and EventBridge
/// configurations it declares are the bucket's, as the S3 API shows them, and deliver.</summary>
public sealed class S3NotificationYamlTests
{
    [Fact]
    public async Task A_bucket_declared_with_queue_topic_and_eventbridge_notifications_delivers_to_its_queue()
    {
        var config = ConfigLoader.Parse(new StringReader("""
            queues: [upload-events]
            topics:
              - name: removals
            buckets:
              - name: uploads
                notifications:
                  queues: [{ queue: upload-events, events: ["s3:ObjectCreated:*"], suffix: .csv }]
                  topics: [{ topic: removals, events: ["s3:ObjectRemoved:*"] }]
                  eventbridge: true
            """), "/tmp/platform.yaml");
        await using var app = await InProcessPlatform.StartAsync(config);
        var aws = new AwsCli(app.Endpoint);

        var stored = JsonDocument.Parse(await aws.RunOkAsync("s3api", "get-bucket-notification-configuration", "--bucket", "uploads")).RootElement;
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:upload-events",
            Assert.Single(stored.GetProperty("QueueConfigurations").EnumerateArray()).GetProperty("QueueArn").GetString());
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:removals",
            Assert.Single(stored.GetProperty("TopicConfigurations").EnumerateArray()).GetProperty("TopicArn").GetString());
        Assert.True(stored.TryGetProperty("EventBridgeConfiguration", out _));

        var file = Path.GetTempFileName();
        try
        {
            await aws.RunOkAsync("s3api", "put-object", "--bucket", "uploads", "--key", "data/report.csv", "--body", file);
        }
        finally
        {
            File.Delete(file);
        }

        var queueUrl = $"{app.Endpoint.ToString().TrimEnd('/')}/000000000000/upload-events";
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? key = null;
        while (key is null && DateTime.UtcNow < deadline)
        {
            var output = await aws.RunOkAsync("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "2", "--max-number-of-messages", "10");
            if (string.IsNullOrWhiteSpace(output))
                continue;
            foreach (var message in JsonDocument.Parse(output).RootElement.GetProperty("Messages").EnumerateArray())
            {
                var body = JsonDocument.Parse(message.GetProperty("Body").GetString()!).RootElement;
                if (body.TryGetProperty("Records", out var records))
                    key = records[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString();
            }
        }

        Assert.Equal("data/report.csv", key);
    }
}
