namespace Platform.Emulators.Streams.Engine;

/// <summary>A shard as DescribeStream/ListShards report it. Hash keys and sequence numbers are
/// decimal strings (128-bit hash keys; sequence numbers compare by <see cref="SequenceNumbers.Compare"/>).</summary>
public sealed record ShardInfo
{
    public required string ShardId { get; init; }
    public string? ParentShardId { get; init; }
    public string? AdjacentParentShardId { get; init; }
    public required string StartingHashKey { get; init; }
    public required string EndingHashKey { get; init; }
    public required string StartingSequenceNumber { get; init; }

    /// <summary>Set once the shard is closed by a reshard: no record follows it.</summary>
    public string? EndingSequenceNumber { get; init; }

    public bool IsClosed => EndingSequenceNumber is not null;
}
