using Platform.Functions.Events;

namespace KinesisLedger;

/// <summary>Writes every batch to <c>s3://{LEDGER_BUCKET}/{shardId}/{run}/{n:D8}.txt</c>: one line
/// per record (<c>sequenceNumber data</c>). <c>run</c> names this process, <c>n</c> counts the
/// shard's batches in it — so within a run the keys give the order the shard was processed in.
/// Handler: <c>KinesisLedger::KinesisLedger.LedgerBatch</c>.</summary>
public sealed class LedgerBatch : Platform.Functions.IFunction<KinesisEvent, Platform.Functions.NoResult>
{
    private static readonly string Run = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Environment.ProcessId}";
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Batches = new();
    private Amazon.S3.AmazonS3Client? _s3;

    public async Task<Platform.Functions.NoResult> HandleAsync(KinesisEvent input, Platform.Functions.IFunctionContext context)
    {
        var environment = context.Environment;
        _s3 ??= new Amazon.S3.AmazonS3Client(
            new Amazon.Runtime.BasicAWSCredentials("test", "test"),
            new Amazon.S3.AmazonS3Config
            {
                ServiceURL = environment.GetValueOrDefault("AWS_ENDPOINT_URL") ?? "http://localhost:4566",
                ForcePathStyle = true,
                AuthenticationRegion = environment.GetValueOrDefault("AWS_REGION") ?? "us-east-1",
            });
        if (input.Records.Count == 0)
            return Platform.Functions.NoResult.Value;

        var shard = input.Records[0].EventId!.Split(':')[0];
        var n = Batches.AddOrUpdate(shard, 1, (_, last) => last + 1);
        var body = string.Join('\n', input.Records.Select(r => $"{r.Kinesis.SequenceNumber} {r.Kinesis.DecodeDataAsString()}"));
        await _s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = environment.GetValueOrDefault("LEDGER_BUCKET") ?? "ledger",
            Key = $"{shard}/{Run}/{n:D8}.txt",
            ContentBody = body,
            UseChunkEncoding = false,
        }, context.CancellationToken);
        return Platform.Functions.NoResult.Value;
    }
}
