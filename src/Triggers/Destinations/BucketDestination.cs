using System.Globalization;
using System.Text;
using Platform.Emulators.Storage.Engine;
using Platform.Triggers.Failures;

namespace Platform.Triggers.Destinations;

/// <summary>An S3 bucket (on-failure only): the record, with the invocation's whole event as
/// <c>payload</c>, written as one object. A mapping's key is AWS's
/// <c>aws/lambda/{mapping UUID}/{shard id}/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-{UUID}</c>
/// (kinesis-on-failure-destination); an async record's is <c>aws/lambda/async/{function}/…</c> in the same shape.</summary>
internal sealed class BucketDestination(DestinationArn arn, IObjectStorePort objects) : IDestination
{
    public DestinationArn Arn => arn;

    public bool Exists() => objects.BucketExists(arn.Name);

    public async Task SendAsync(DestinationRecord record, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(DestinationRecordBuilder.Build(record, withPayload: true));
        await objects.PutObjectAsync(arn.Name, Key(record), body, "application/json", cancellationToken).ConfigureAwait(false);
    }

    public static string Key(DestinationRecord record)
    {
        var time = record.Timestamp.UtcDateTime;
        var folder = record.Batch is { } batch
            ? $"aws/lambda/{record.MappingUuid ?? "unknown"}/{batch.ShardId}"
            : $"aws/lambda/async/{FunctionName(record.FunctionArn)}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{folder}/{time:yyyy}/{time:MM}/{time:dd}/{time:yyyy-MM-dd'T'HH.mm.ss}-{Guid.NewGuid()}");
    }

    private static string FunctionName(string functionArn)
    {
        var parts = functionArn.Split(':');
        return parts.Length >= 7 ? parts[6] : functionArn;
    }
}
