using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Streams.Engine;

public sealed partial class StreamEngine
{
    /// <summary>SplitShard: closes the shard; two children split its range at
    /// <paramref name="newStartingHashKey"/>.</summary>
    public Task SplitShardAsync(string streamNameOrArn, string shardToSplit, string newStartingHashKey,
        CancellationToken cancellationToken = default)
    {
        var stream = GetStream(streamNameOrArn);
        if (!HashKeys.TryParse(newStartingHashKey, out var splitAt))
            throw StreamErrors.InvalidArgument($"NewStartingHashKey {newStartingHashKey} is not a valid hash key.");
        return ReshardAsync(stream, plan =>
        {
            var shard = plan.Open(shardToSplit);
            if (splitAt <= shard.StartingHashKey || splitAt > shard.EndingHashKey)
                throw StreamErrors.InvalidArgument(
                    $"NewStartingHashKey {newStartingHashKey} used in SplitShard() on shard {shard.Id} in stream {stream.Name} under account {Options.AccountId} is not both greater than one plus the shard's StartingHashKey {HashKeys.Format(shard.StartingHashKey)} and less than the shard's EndingHashKey {HashKeys.Format(shard.EndingHashKey)}.");
            plan.CheckShardLimit(1);
            plan.Split(shard, splitAt);
        }, cancellationToken);
    }

    /// <summary>MergeShards: closes two adjacent shards; one child covers both ranges.</summary>
    public Task MergeShardsAsync(string streamNameOrArn, string shardToMerge, string adjacentShardToMerge,
        CancellationToken cancellationToken = default)
    {
        var stream = GetStream(streamNameOrArn);
        return ReshardAsync(stream, plan =>
        {
            var first = plan.Open(shardToMerge);
            var second = plan.Open(adjacentShardToMerge);
            if (first.EndingHashKey != UInt128.MaxValue && first.EndingHashKey + 1 == second.StartingHashKey ||
                second.EndingHashKey != UInt128.MaxValue && second.EndingHashKey + 1 == first.StartingHashKey)
            {
                plan.Merge(first, second);
                return;
            }

            throw StreamErrors.InvalidArgument(
                $"Shards {first.Id} and {second.Id} in stream {stream.Name} under account {Options.AccountId} are not an adjacent pair of shards eligible for merging");
        }, cancellationToken);
    }

    /// <summary>UpdateShardCount (UNIFORM_SCALING): the open shards become <paramref name="targetShardCount"/>
    /// even ranges. As in Kinesis this is a series of splits and merges, so every child names at
    /// most two parents and lineage stays exact; pieces that exist only in between are closed
    /// at once, empty.</summary>
    public Task UpdateShardCountAsync(string streamNameOrArn, int targetShardCount, CancellationToken cancellationToken = default)
    {
        var stream = GetStream(streamNameOrArn);
        var open = stream.Shards.Count(s => s.IsOpen);
        if (targetShardCount < 1)
            throw StreamErrors.Validation($"{targetShardCount}", "targetShardCount", "Member must have value greater than or equal to 1");
        if (targetShardCount > open * 2 || targetShardCount * 2 < open)
            throw StreamErrors.InvalidArgument(
                $"UpdateShardCount cannot scale up over double your current open shard count ({open}) or scale down below half your current open shard count. Target: {targetShardCount}.");
        if (targetShardCount > Options.MaxShardsPerStream)
            throw StreamErrors.LimitExceeded($"Target shard count {targetShardCount} exceeds the limit of {Options.MaxShardsPerStream} open shards.");
        var starts = HashKeys.EvenStarts(targetShardCount);
        return ReshardAsync(stream, plan =>
        {
            var current = plan.OpenShards().OrderBy(s => s.StartingHashKey).ToList();
            if (current.Count != open)
                throw StreamErrors.InUse(stream.Name, Options.AccountId);
            var pieces = new List<ShardState>();
            foreach (var shard in current)
            {
                var rest = shard;
                foreach (var boundary in starts)
                {
                    if (boundary > rest.StartingHashKey && boundary <= rest.EndingHashKey)
                    {
                        var (left, right) = plan.Split(rest, boundary);
                        pieces.Add(left);
                        rest = right;
                    }
                }

                pieces.Add(rest);
            }

            // Every piece now lies inside one target range; merge each range's pieces left to right.
            foreach (var group in pieces.GroupBy(p => Array.FindLastIndex(starts, s => s <= p.StartingHashKey)))
            {
                var merged = group.First();
                foreach (var next in group.Skip(1))
                    merged = plan.Merge(merged, next);
            }
        }, cancellationToken);
    }

    private async Task ReshardAsync(StreamState stream, Action<ReshardPlan> change, CancellationToken cancellationToken)
    {
        await MutateAsync(stream, connection =>
        {
            var current = Current(stream);
            var plan = new ReshardPlan(this, connection, current, CurrentPosition(connection), NowMs);
            change(plan);
            var update = _commands.Get(connection, "UPDATE kinesis_streams SET next_shard_index = $next WHERE id = $id");
            update.Set("$next", plan.NextIndex);
            update.Set("$id", current.Id);
            update.ExecuteNonQuery();
            _streams[current.Name] = current with { Shards = [.. plan.Shards], NextShardIndex = plan.NextIndex };
        }, cancellationToken).ConfigureAwait(false);
        Notify(stream.Name);
    }

    /// <summary>Splits and merges applied to one stream inside one write unit: parents close at the
    /// current position, children start there.</summary>
    private sealed class ReshardPlan(StreamEngine engine, SqliteConnection connection, StreamState stream, long position, long nowMs)
    {
        public List<ShardState> Shards { get; } = [.. stream.Shards];
        public int NextIndex { get; private set; } = stream.NextShardIndex;

        public IEnumerable<ShardState> OpenShards() => Shards.Where(s => s.IsOpen);

        public ShardState Open(string shardId)
        {
            if (!ShardIds.TryParse(shardId, out var index) || Shards.Find(s => s.Index == index) is not { } shard)
                throw StreamErrors.ShardNotFound(shardId, stream.Name, engine.Options.AccountId);
            if (!shard.IsOpen)
                throw StreamErrors.InvalidArgument(
                    $"Shard {shard.Id} in stream {stream.Name} under account {engine.Options.AccountId} has already been merged or split, and thus is not eligible for merging or splitting.");
            return shard;
        }

        public void CheckShardLimit(int added)
        {
            if (OpenShards().Count() + added > engine.Options.MaxShardsPerStream)
                throw StreamErrors.LimitExceeded($"Splitting would exceed the limit of {engine.Options.MaxShardsPerStream} open shards.");
        }

        public (ShardState Left, ShardState Right) Split(ShardState shard, UInt128 at)
        {
            Close(shard);
            var left = Add(shard.Index, null, shard.StartingHashKey, at - 1);
            var right = Add(shard.Index, null, at, shard.EndingHashKey);
            return (left, right);
        }

        public ShardState Merge(ShardState first, ShardState second)
        {
            Close(first);
            Close(second);
            var (low, high) = first.StartingHashKey < second.StartingHashKey ? (first, second) : (second, first);
            return Add(first.Index, second.Index, low.StartingHashKey, high.EndingHashKey);
        }

        private void Close(ShardState shard)
        {
            var update = engine._commands.Get(connection, """
                UPDATE kinesis_shards SET ending_position = $position, closed_ms = $now
                WHERE stream_id = $stream AND shard_index = $index
                """);
            update.Set("$position", position);
            update.Set("$now", nowMs);
            update.Set("$stream", stream.Id);
            update.Set("$index", shard.Index);
            update.ExecuteNonQuery();
            Shards[Shards.FindIndex(s => s.Index == shard.Index)] = shard with { EndingPosition = position, ClosedMs = nowMs };
        }

        private ShardState Add(int parent, int? adjacentParent, UInt128 start, UInt128 end)
        {
            var shard = new ShardState(NextIndex++, parent, adjacentParent, start, end, position, null, nowMs, null);
            engine.InsertShard(connection, stream.Id, shard);
            Shards.Add(shard);
            return shard;
        }
    }
}
