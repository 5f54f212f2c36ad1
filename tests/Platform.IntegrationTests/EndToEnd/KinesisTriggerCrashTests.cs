using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>
/// The Kinesis checkpoint under a real crash: records are put with the aws CLI while `platform up`
/// is SIGKILLed and started again on the same data directory. Every acknowledged record is
/// processed at least once, each shard in order within each process's life, and the restarted
/// platform resumes from its checkpoint — at most the batch in flight at the kill runs twice.
/// Proof is durable: the KinesisLedger test function writes each batch to s3://ledger.
/// </summary>
public sealed class KinesisTriggerCrashTests
{
    private const int Batches = 8;
    private const int RecordsPerPut = 25;
    private const int BatchSize = 5;
    private const int Shards = 2;
    private const string StreamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";

    [Fact]
    public async Task Every_acknowledged_record_is_processed_in_order_after_a_sigkill_and_the_restart_resumes_from_the_checkpoint()
    {
        var root = Directory.CreateTempSubdirectory("platform-kinesis-crash-").FullName;
        var dataDir = Path.Combine(root, "data");
        var config = Path.Combine(root, "platform.yaml");
        await File.WriteAllTextAsync(config, $"""
            region: us-east-1
            buckets: [ledger]
            functions:
              ledger:
                runtime: dotnet
                assembly: {LedgerAssembly}
                handler: KinesisLedger::KinesisLedger.LedgerBatch
                timeout: 30s
                environment:
                  LEDGER_BUCKET: ledger
            """);
        var port = PlatformProcess.FreePort();
        var pending = new Queue<string[]>(Enumerable.Range(0, Batches)
            .Select(b => Enumerable.Range(0, RecordsPerPut).Select(i => $"rec-{b * RecordsPerPut + i:D4}").ToArray()));
        var acknowledged = new List<string>();
        var killAfter = Random.Shared.Next(3, Batches - 2);

        var platform = await PlatformProcess.StartAsync(config, dataDir, port);
        try
        {
            var aws = new AwsCli(platform.Endpoint);
            await aws.RunOkAsync("kinesis", "create-stream", "--stream-name", "orders", "--shard-count", Shards.ToString());
            await aws.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "ledger",
                "--event-source-arn", StreamArn, "--starting-position", "TRIM_HORIZON", "--batch-size", BatchSize.ToString());

            for (var put = 0; put < killAfter; put++)
                acknowledged.AddRange(await PutAsync(aws, pending.Dequeue()) ?? throw new InvalidOperationException("a put failed before the crash"));

            // Let the mapping make progress (and checkpoint) before the plug is pulled, with a put in flight.
            using (var admin = new PlatformAdminClient(platform.Endpoint))
                await admin.WaitForInvocationsAsync("ledger", 6, TimeSpan.FromSeconds(60));
            var cutOff = pending.Dequeue();
            var inFlight = PutAsync(aws, cutOff);
            await platform.KillAsync();
            if (await inFlight is { } made)
                acknowledged.AddRange(made);
            else
                pending.Enqueue(cutOff); // not acknowledged: the client sends it again

            await platform.DisposeAsync();
            platform = await PlatformProcess.StartAsync(config, dataDir, port);
            aws = new AwsCli(platform.Endpoint);
            while (pending.TryDequeue(out var batch))
                acknowledged.AddRange(await PutAsync(aws, batch) ?? throw new InvalidOperationException("a put failed after the restart"));

            var ledger = await WaitForLedgerAsync(platform.Endpoint, acknowledged);

            foreach (var (shard, runs) in ledger)
            {
                // In order per shard within each process's life.
                foreach (var (run, sequences) in runs)
                {
                    for (var i = 1; i < sequences.Count; i++)
                        Assert.True(Compare(sequences[i - 1], sequences[i]) < 0, $"{shard} went back in run {run}: {sequences[i - 1]} then {sequences[i]}");
                }

                // The restart resumed from the checkpoint: what ran before the kill and again after
                // is at most the batch that was in flight.
                if (runs.Count > 1)
                {
                    var before = runs[0].Sequences.ToHashSet();
                    var repeated = runs.Skip(1).SelectMany(r => r.Sequences).Count(before.Contains);
                    Assert.InRange(repeated, 0, BatchSize);
                }
            }

            Assert.Equal(Batches * RecordsPerPut, acknowledged.Distinct().Count());
            Assert.Contains(ledger.Values, runs => runs.Count > 1 && runs[0].Sequences.Count > 0);
        }
        finally
        {
            await platform.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    private static string LedgerAssembly => Path.Combine(RepositoryPaths.Root, "tests", "Functions", "KinesisLedger", "bin", "function", "KinesisLedger.dll");

    /// <summary>put-records with the aws CLI: the data of the records acknowledged, or null when the
    /// call failed (the platform was killed under it).</summary>
    private static async Task<IReadOnlyList<string>?> PutAsync(AwsCli aws, string[] data)
    {
        var records = JsonSerializer.Serialize(data.Select(d => new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(d)), PartitionKey = d }));
        var result = await aws.RunAsync("kinesis", "put-records", "--stream-name", "orders", "--records", records);
        if (result.ExitCode != 0)
            return null;
        var entries = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("Records").EnumerateArray().ToArray();
        return [.. data.Where((value, i) => entries[i].TryGetProperty("SequenceNumber", out var sequence) && sequence.ValueKind == JsonValueKind.String)];
    }

    /// <summary>Reads s3://ledger until every acknowledged record is in it: shard → runs (in start
    /// order) → sequence numbers in the order the function saw them.</summary>
    private static async Task<Dictionary<string, List<(string Run, List<string> Sequences)>>> WaitForLedgerAsync(Uri endpoint, List<string> acknowledged)
    {
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("test", "test"),
            new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, MaxErrorRetry = 0 });
        using var admin = new PlatformAdminClient(endpoint);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        var invocations = 0;
        while (true)
        {
            var objects = new List<(string Key, string Body)>();
            var listing = s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = "ledger" });
            await foreach (var entry in listing.S3Objects)
            {
                using var response = await s3.GetObjectAsync("ledger", entry.Key);
                using var reader = new StreamReader(response.ResponseStream);
                objects.Add((entry.Key, await reader.ReadToEndAsync()));
            }

            var seen = objects.SelectMany(o => o.Body.Split('\n')).Select(line => line.Split(' ')[1]).ToHashSet();
            var missing = acknowledged.Where(a => !seen.Contains(a)).ToList();
            if (missing.Count == 0)
            {
                return objects
                    .Select(o => (Parts: o.Key.Split('/'), o.Body))
                    .GroupBy(o => o.Parts[0])
                    .ToDictionary(shard => shard.Key, shard => shard
                        .GroupBy(o => o.Parts[1])
                        .OrderBy(run => run.Key, StringComparer.Ordinal)
                        .Select(run => (run.Key, run.OrderBy(o => o.Parts[2], StringComparer.Ordinal)
                            .SelectMany(o => o.Body.Split('\n').Select(line => line.Split(' ')[0])).ToList()))
                        .ToList());
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{missing.Count} acknowledged records never processed, e.g. {string.Join(", ", missing.Take(5))}");
            // Wait for the next invocation instead of sleeping.
            invocations = (await admin.WaitForInvocationsAsync("ledger", invocations + 1, TimeSpan.FromSeconds(30))).Length;
        }
    }

    private static int Compare(string left, string right) =>
        left.Length != right.Length ? left.Length.CompareTo(right.Length) : string.CompareOrdinal(left, right);
}
