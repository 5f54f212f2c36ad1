namespace Platform.Emulators.Streams.Engine;

public sealed partial class StreamEngine
{
    /// <summary>ListShards with a ShardFilter: AFTER_SHARD_ID (shards after <paramref name="shardId"/>),
    /// AT_TRIM_HORIZON / AT_TIMESTAMP (the shards open at that moment), FROM_TRIM_HORIZON /
    /// FROM_TIMESTAMP (those open at that moment or created since), AT_LATEST (open shards). No
    /// filter lists every shard still within the retention period, in shard-id order.</summary>
    public IReadOnlyList<ShardInfo> ListShards(string streamNameOrArn, string? filterType = null, string? shardId = null,
        DateTimeOffset? timestamp = null)
    {
        var stream = GetStream(streamNameOrArn);
        var now = NowMs;
        var visible = stream.VisibleShards(now).OrderBy(s => s.Index);
        var trimHorizon = Math.Max(now - stream.RetentionMs, stream.CreatedMs);
        long At(DateTimeOffset? at) => Math.Max(
            (at ?? throw StreamErrors.InvalidArgument($"Timestamp is required for ShardFilter type {filterType}.")).ToUnixTimeMilliseconds(),
            stream.CreatedMs);
        bool OpenAt(ShardState s, long at) => s.CreatedMs <= at && (s.ClosedMs is not { } closed || closed > at);
        bool OpenAtOrLater(ShardState s, long at) => s.ClosedMs is not { } closed || closed > at;

        IEnumerable<ShardState> shards = filterType switch
        {
            null => visible,
            "AFTER_SHARD_ID" => ShardIds.TryParse(shardId ?? throw StreamErrors.InvalidArgument("ShardId is required for ShardFilter type AFTER_SHARD_ID."), out var after)
                ? visible.Where(s => s.Index > after)
                : throw StreamErrors.InvalidArgument($"Invalid ShardId {shardId}."),
            "AT_TRIM_HORIZON" => visible.Where(s => OpenAt(s, trimHorizon)),
            "FROM_TRIM_HORIZON" => visible,
            "AT_LATEST" => visible.Where(s => s.IsOpen),
            "AT_TIMESTAMP" => visible.Where(s => OpenAt(s, At(timestamp))),
            "FROM_TIMESTAMP" => visible.Where(s => OpenAtOrLater(s, At(timestamp))),
            _ => throw StreamErrors.Validation(filterType, "shardFilter.type",
                "Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]"),
        };
        return shards.Select(s => ToInfo(stream, s)).ToList();
    }
}
