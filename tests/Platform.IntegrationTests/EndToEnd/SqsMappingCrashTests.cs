using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// The durability promise for SQS triggers under a real crash: `platform up` runs the sample
/// OrderReceipts function on 200 queued orders and is SIGKILLed mid-load. After a restart on the
/// same data directory every order has its receipt (processed at least once, none lost), the
/// batches that were in flight ran again once their visibility timeout passed, and the queue is
/// empty. The messages are written into the data directory with the queue engine before start.
/// </summary>
public sealed class SqsMappingCrashTests
{
    private const int Orders = 200;

    private static string SampleAssembly => Path.Combine(RepositoryPaths.Root, "samples", "OrderReceipts", "bin", "function", "OrderReceipts.dll");

    private static readonly Dictionary<string, string> QueueAttributes = new() { ["VisibilityTimeout"] = "5" };

    [Fact]
    public async Task Every_queued_order_is_processed_after_a_sigkill_mid_load_and_a_restart()
    {
        var dir = Directory.CreateTempSubdirectory("platform-sqs-crash-");
        var dataDir = Path.Combine(dir.FullName, "data");
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, $$"""
            buckets: [processed]
            queues:
              - name: orders
                attributes: { VisibilityTimeout: "5" }
            functions:
              record-orders:
                assembly: {{SampleAssembly}}
                handler: OrderReceipts::OrderReceipts.RecordOrders
                timeout: 5s
                concurrency: 4
                environment: { OUTPUT_BUCKET: processed }
                triggers:
                  - sqs: { queue: orders, batchSize: 5, functionResponseTypes: [ReportBatchItemFailures], scalingConfig: { maximumConcurrency: 4 } }
            """);
        await SeedAsync(dataDir);
        var port = PlatformProcess.FreePort();

        var platform = await PlatformProcess.StartAsync(config, dataDir, port);
        try
        {
            using (var admin = new PlatformAdminClient(platform.Endpoint))
                await admin.WaitForInvocationsAsync("record-orders", Random.Shared.Next(3, 12), TimeSpan.FromSeconds(60));
            await platform.KillAsync();
            await platform.DisposeAsync();

            platform = await PlatformProcess.StartAsync(config, dataDir, port);
            await WaitForReceiptsAsync(platform);
            Assert.Equal(0, await platform.StopAsync(TimeSpan.FromSeconds(15)));
        }
        finally
        {
            await platform.DisposeAsync();
        }

        // Every message was deleted only after its receipt was written: nothing is left over.
        await using (var database = new PlatformDatabase(DataDirectory.Open(dataDir)))
        {
            var queues = new QueueEngine(database, TimeProvider.System, new QueueEngineOptions());
            var counts = queues.GetQueueAttributes("orders", ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            Assert.Equal(("0", "0"), (counts["ApproximateNumberOfMessages"], counts["ApproximateNumberOfMessagesNotVisible"]));
        }

        dir.Delete(recursive: true);
    }

    private static async Task SeedAsync(string dataDir)
    {
        await using var database = new PlatformDatabase(DataDirectory.Open(dataDir));
        var queues = new QueueEngine(database, TimeProvider.System, new QueueEngineOptions());
        await queues.CreateQueueAsync("orders", QueueAttributes);
        for (var i = 0; i < Orders; i += 10)
        {
            var entries = Enumerable.Range(i, 10)
                .Select(n => new BatchEntry<OutgoingMessage>($"e{n}", new OutgoingMessage { Body = $$"""{"orderId":"o-{{n:D3}}","amount":{{n}}.5}""" }))
                .ToList();
            var result = await queues.SendMessageBatchAsync("orders", entries);
            Assert.Empty(result.Failed);
        }
    }

    private static async Task WaitForReceiptsAsync(PlatformProcess platform)
    {
        var endpoint = platform.Endpoint;
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("test", "test"),
            new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, MaxErrorRetry = 0 });
        using var admin = new PlatformAdminClient(endpoint);
        var missing = Enumerable.Range(0, Orders).Select(n => $"receipts/o-{n:D3}.json").ToHashSet();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        var seen = 0;
        while (true)
        {
            await foreach (var obj in s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = "processed", Prefix = "receipts/" }).S3Objects)
                missing.Remove(obj.Key);
            if (missing.Count == 0)
                return;
            if (DateTimeOffset.UtcNow > deadline)
                Assert.Fail($"{missing.Count} orders never processed, e.g. {string.Join(", ", missing.Take(5))}; " +
                            $"last invocations: {await admin.GetAsync("/_platform/invocations?limit=3")}\n{platform.Output}");
            // The next invocation, not a timer: in-flight batches of the killed process come back
            // after their 5 s visibility timeout.
            seen = (await admin.WaitForInvocationsAsync("record-orders", seen + 1, TimeSpan.FromSeconds(30))).Length;
        }
    }
}
