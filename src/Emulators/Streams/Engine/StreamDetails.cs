namespace Platform.Emulators.Streams.Engine;

/// <summary>What DescribeStream, DescribeStreamSummary and ListStreams report about a stream.
/// <see cref="Shards"/> lists open shards and closed ones still within the retention period.</summary>
public sealed record StreamDetails
{
    public required string StreamName { get; init; }
    public required string StreamArn { get; init; }
    public string StreamStatus { get; init; } = "ACTIVE";

    /// <summary>PROVISIONED or ON_DEMAND.</summary>
    public required string StreamMode { get; init; }
    public required int RetentionPeriodHours { get; init; }
    public required DateTimeOffset StreamCreationTimestamp { get; init; }
    public required IReadOnlyList<ShardInfo> Shards { get; init; }
    public int OpenShardCount => Shards.Count(s => !s.IsClosed);
}
