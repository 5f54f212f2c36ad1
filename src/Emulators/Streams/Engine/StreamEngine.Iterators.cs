namespace Platform.Emulators.Streams.Engine;

public sealed partial class StreamEngine
{
    private const long IteratorLifetimeMs = 300_000;

    /// <summary>GetShardIterator: an authenticated token valid for 5 minutes.
    /// <paramref name="startingSequenceNumber"/> is required for AT_/AFTER_SEQUENCE_NUMBER and
    /// <paramref name="timestamp"/> for AT_TIMESTAMP.</summary>
    public string GetShardIterator(string streamNameOrArn, string shardId, ShardIteratorType type,
        string? startingSequenceNumber = null, DateTimeOffset? timestamp = null)
    {
        var stream = GetStream(streamNameOrArn);
        var shard = GetShard(stream, shardId);
        var after = type switch
        {
            ShardIteratorType.TrimHorizon => shard.StartingPosition,
            ShardIteratorType.Latest => _database.Read(connection => LatestPosition(connection, shard)),
            ShardIteratorType.AtSequenceNumber => PositionOf(stream, shard, Require(startingSequenceNumber, type), "StartingSequenceNumber") - 1,
            ShardIteratorType.AfterSequenceNumber => PositionOf(stream, shard, Require(startingSequenceNumber, type), "StartingSequenceNumber"),
            ShardIteratorType.AtTimestamp => PositionBefore(stream, shard,
                timestamp ?? throw StreamErrors.InvalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.")),
            _ => throw StreamErrors.InvalidArgument($"Unknown shard iterator type {type}."),
        };
        if (type == ShardIteratorType.AtTimestamp && timestamp > _time.GetUtcNow())
            throw StreamErrors.InvalidArgument(
                $"The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: {timestamp.Value.ToUnixTimeMilliseconds()}, currentTimestampInMillis: {NowMs}");
        return _iterators.Issue(stream.Id, shard.Index, after, NowMs);
    }

    /// <summary>GetRecords: up to <paramref name="limit"/> records after the iterator's position and
    /// the iterator to continue with (null once a closed shard is read to its end).</summary>
    public GetRecordsResult GetRecords(string shardIterator, int limit)
    {
        if (!_iterators.TryRead(shardIterator, out var streamId, out var shardIndex, out var after, out var issuedMs))
            throw StreamErrors.InvalidIterator();
        var now = NowMs;
        if (now - issuedMs > IteratorLifetimeMs)
            throw StreamErrors.Expired(issuedMs, now);
        var stream = FindById(streamId) ?? throw new StreamException("ResourceNotFoundException",
            "Shard iterator refers to a stream that no longer exists.");
        var shard = stream.Shard(shardIndex) ?? throw StreamErrors.ShardNotFound(ShardIds.Format(shardIndex), stream.Name, Options.AccountId);
        var (records, last, ended, behind) = ReadCore(stream, shard, after, limit);
        if (!ended)
            return new GetRecordsResult(records, _iterators.Issue(stream.Id, shard.Index, last, now), behind, []);
        var children = Current(stream).Shards
            .Where(s => s.ParentIndex == shard.Index || s.AdjacentParentIndex == shard.Index)
            .Select(s => ToInfo(stream, s))
            .ToList();
        return new GetRecordsResult(records, null, 0, children);
    }

    /// <summary>Whether a token is one of ours (authentic, whatever its age): lets the API tell a
    /// StreamARN that disagrees with the iterator.</summary>
    public string? StreamNameOfIterator(string shardIterator) =>
        _iterators.TryRead(shardIterator, out var streamId, out _, out _, out _) ? FindById(streamId)?.Name : null;

    private static string Require(string? sequenceNumber, ShardIteratorType type) =>
        sequenceNumber ?? throw StreamErrors.InvalidArgument(
            $"Must specify StartingSequenceNumber for iterator type {(type == ShardIteratorType.AtSequenceNumber ? "AT_SEQUENCE_NUMBER" : "AFTER_SEQUENCE_NUMBER")}.");
}
