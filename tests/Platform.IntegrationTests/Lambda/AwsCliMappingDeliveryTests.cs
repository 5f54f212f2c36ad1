using System.Text.Json;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Lambda;

/// <summary>A mapping created through `aws lambda create-event-source-mapping` (not platform.yaml)
/// delivers the queue's messages that pass its filter to the function.</summary>
public sealed class AwsCliMappingDeliveryTests
{
    [Fact]
    public async Task A_mapping_created_with_the_cli_delivers_matching_messages()
    {
        var collector = new EventCollector();
        await using var app = await InProcessPlatform.StartAsync(new PlatformConfig(),
            services => services.AddCollectingFunction("orders-handler", collector));
        var aws = new AwsCli(app.Endpoint);
        await aws.RunOkAsync("sqs", "create-queue", "--queue-name", "orders");
        var queueUrl = JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-url", "--queue-name", "orders"))
            .RootElement.GetProperty("QueueUrl").GetString()!;

        await aws.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "orders-handler",
            "--event-source-arn", "arn:aws:sqs:us-east-1:000000000000:orders", "--batch-size", "1",
            "--filter-criteria", """{"Filters":[{"Pattern":"{\"body\":{\"type\":[\"order\"]}}"}]}""");
        await aws.RunOkAsync("sqs", "send-message", "--queue-url", queueUrl, "--message-body", """{"type":"refund","n":1}""");
        await aws.RunOkAsync("sqs", "send-message", "--queue-url", queueUrl, "--message-body", """{"type":"order","n":2}""");

        var delivered = await collector.WaitForAsync(e => e.TryGetProperty("Records", out _), timeout: TimeSpan.FromSeconds(30));
        var record = Assert.Single(delivered[0].GetProperty("Records").EnumerateArray());
        Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
        Assert.Equal("""{"type":"order","n":2}""", record.GetProperty("body").GetString());

        // The filtered-out message was deleted as Lambda does, and the delivered one after success:
        // the queue drains to empty.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string visible;
        do
        {
            var attributes = JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-attributes", "--queue-url", queueUrl,
                "--attribute-names", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).RootElement.GetProperty("Attributes");
            visible = attributes.GetProperty("ApproximateNumberOfMessages").GetString() + "/" + attributes.GetProperty("ApproximateNumberOfMessagesNotVisible").GetString();
        }
        while (visible != "0/0" && DateTime.UtcNow < deadline);
        Assert.Equal("0/0", visible);
        Assert.Single(collector.Snapshot());
    }
}
