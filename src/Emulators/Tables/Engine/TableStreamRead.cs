namespace Platform.Emulators.Tables.Engine;

/// <summary>Records read from a stream shard; <see cref="ShardEnded"/> once the stream is disabled
/// and every record of it has been returned (no record will follow).</summary>
public sealed record TableStreamRead(IReadOnlyList<TableStreamRecord> Records, bool ShardEnded);
