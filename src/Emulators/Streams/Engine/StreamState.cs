using System.Collections.Immutable;

namespace Platform.Emulators.Streams.Engine;

/// <summary>A stream as the engine caches it. Immutable: a change commits, then swaps in a new
/// instance; routing a put reads the instance current on the writer thread, so it can never route
/// to a shard a reshard committed before it has closed.</summary>
internal sealed record StreamState(
    long Id,
    string Name,
    string Arn,
    string Mode,
    int RetentionHours,
    long CreatedMs,
    ImmutableSortedDictionary<string, string> Tags,
    ImmutableArray<ShardState> Shards,
    int NextShardIndex)
{
    public long RetentionMs => RetentionHours * 3_600_000L;

    public ShardState? Shard(int index)
    {
        foreach (var shard in Shards)
        {
            if (shard.Index == index)
                return shard;
        }

        return null;
    }

    /// <summary>Closed shards stay listed for the retention period after they closed, as in Kinesis.</summary>
    public IEnumerable<ShardState> VisibleShards(long nowMs) =>
        Shards.Where(s => s.ClosedMs is not { } closed || closed + RetentionMs > nowMs);
}
