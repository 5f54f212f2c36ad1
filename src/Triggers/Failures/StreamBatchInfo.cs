namespace Platform.Triggers.Failures;

/// <summary>A stream mapping's given-up records as its on-failure record describes them: shard, first
/// and last sequence numbers and arrival times, count, stream. <see cref="PropertyName"/> is the
/// source's (<c>KinesisBatchInfo</c>; DynamoDB Streams: <c>DDBStreamBatchInfo</c>).</summary>
public sealed record StreamBatchInfo(
    string PropertyName,
    string ShardId,
    string StartSequenceNumber,
    string EndSequenceNumber,
    DateTimeOffset ApproximateArrivalOfFirstRecord,
    DateTimeOffset ApproximateArrivalOfLastRecord,
    int BatchSize,
    string StreamArn);
