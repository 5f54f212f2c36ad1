namespace Platform.Emulators.Streams.Engine;

/// <param name="Records">In sequence-number order.</param>
/// <param name="ShardEnded">The shard is closed and nothing follows the last record returned:
/// its children may be read now.</param>
/// <param name="MillisBehindLatest">How far the last record returned is behind the shard's newest
/// one (0 when caught up), as GetRecords reports it.</param>
public sealed record ShardRead(IReadOnlyList<StreamRecord> Records, bool ShardEnded, long MillisBehindLatest);
