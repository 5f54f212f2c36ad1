namespace Platform.Emulators.Streams.Engine;

/// <param name="NextShardIterator">Null once a closed shard has been read to its end.</param>
/// <param name="ChildShards">The shards that replaced this one, once it has been read to its end.</param>
public sealed record GetRecordsResult(
    IReadOnlyList<StreamRecord> Records,
    string? NextShardIterator,
    long MillisBehindLatest,
    IReadOnlyList<ShardInfo> ChildShards);
