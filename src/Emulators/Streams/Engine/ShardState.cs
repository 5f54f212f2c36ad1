namespace Platform.Emulators.Streams.Engine;

/// <summary>A shard as the engine keeps it in memory; hash keys as integers, positions as the
/// record order (see <see cref="StreamSchema"/>).</summary>
internal sealed record ShardState(
    int Index,
    int? ParentIndex,
    int? AdjacentParentIndex,
    UInt128 StartingHashKey,
    UInt128 EndingHashKey,
    long StartingPosition,
    long? EndingPosition,
    long CreatedMs,
    long? ClosedMs)
{
    public bool IsOpen => EndingPosition is null;

    public string Id => ShardIds.Format(Index);

    public bool Covers(UInt128 hashKey) => hashKey >= StartingHashKey && hashKey <= EndingHashKey;
}
