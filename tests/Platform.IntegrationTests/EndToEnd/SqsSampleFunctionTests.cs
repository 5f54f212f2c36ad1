using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Triggers.Mappings;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>The sample OrderReceipts function (a built assembly, as platform.yaml loads it) behind an
/// SQS trigger: orders get receipts in S3, a message that is not an order is reported as a batch
/// item failure and does not hold up the others.</summary>
public sealed class SqsSampleFunctionTests
{
    private const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:orders";

    [Fact]
    public async Task Orders_get_receipts_and_a_bad_message_is_reported_alone()
    {
        await using var app = await InProcessPlatform.StartAsync(new PlatformConfig
        {
            Buckets = ["processed"],
            Queues = [new QueueDeclaration("orders", new Dictionary<string, string> { ["VisibilityTimeout"] = "30" })],
            Functions =
            [
                new FunctionDefinition
                {
                    Name = "record-orders",
                    Assembly = Path.Combine(RepositoryPaths.Root, "samples", "OrderReceipts", "bin", "function", "OrderReceipts.dll"),
                    Handler = "OrderReceipts::OrderReceipts.RecordOrders",
                    Timeout = TimeSpan.FromSeconds(20),
                    Environment = new Dictionary<string, string> { ["OUTPUT_BUCKET"] = "processed" },
                },
            ],
            Mappings =
            [
                new MappingDeclaration(new EventSourceMapping
                {
                    Uuid = MappingIds.ForDeclaration("record-orders", QueueArn),
                    FunctionName = "record-orders",
                    EventSourceArn = QueueArn,
                    Origin = MappingOrigins.Config,
                    FunctionResponseTypes = [MappingResponseTypes.ReportBatchItemFailures],
                    BatchSize = 10,
                    MaximumBatchingWindowInSeconds = 1,
                }, 0),
            ],
        });
        var queues = app.Services.GetRequiredService<QueueEngine>();
        await queues.SendMessageAsync("orders", new OutgoingMessage { Body = """{"orderId":"o-1","amount":12.5}""" });
        await queues.SendMessageAsync("orders", new OutgoingMessage { Body = "not an order" });
        await queues.SendMessageAsync("orders", new OutgoingMessage { Body = """{"orderId":"o-2","amount":3}""" });

        using var admin = new PlatformAdminClient(app.Endpoint);
        var invocation = (await admin.WaitForInvocationsAsync("record-orders", 1, TimeSpan.FromSeconds(60)))[^1];
        Assert.True(invocation.GetProperty("outcome").GetString() == "Succeeded", invocation.ToString());

        using var s3 = new AmazonS3Client(new BasicAWSCredentials("test", "test"),
            new AmazonS3Config { ServiceURL = app.Endpoint.ToString(), ForcePathStyle = true });
        var receipts = (await s3.ListObjectsV2Async(new() { BucketName = "processed", Prefix = "receipts/" })).S3Objects.Select(o => o.Key);
        Assert.Equal(["receipts/o-1.json", "receipts/o-2.json"], receipts.Order());
        // The bad message stays in flight (30 s visibility): reported failed, not deleted. The batch is
        // settled (the good messages deleted) just after the invocation is recorded, and a delete raises
        // no signal a test can wait on: look until it is, for at most 10 s.
        (string Visible, string InFlight) Counts()
        {
            var counts = queues.GetQueueAttributes("orders", ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            return (counts["ApproximateNumberOfMessages"], counts["ApproximateNumberOfMessagesNotVisible"]);
        }
        var settleBy = DateTime.UtcNow.AddSeconds(10);
        while (Counts() != ("0", "1") && DateTime.UtcNow < settleBy)
            await Task.Delay(20);
        Assert.Equal(("0", "1"), Counts());
    }
}
