namespace Platform.Emulators.Streams.Engine;

/// <summary>One record's result: a shard and sequence number, or (PutRecords only) Kinesis's
/// per-record error code, e.g. ProvisionedThroughputExceededException.</summary>
public sealed record PutRecordOutcome(string? ShardId, string? SequenceNumber, string? ErrorCode = null, string? ErrorMessage = null)
{
    public bool Succeeded => ErrorCode is null;
}
