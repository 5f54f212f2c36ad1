using System.Globalization;
using System.Numerics;
using Platform.Emulators.Streams.Engine;

namespace Platform.Tests.Streams;

public sealed class ReshardingTests
{
    private static BigInteger Parse(string value) => BigInteger.Parse(value, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Splitting_closes_the_parent_and_its_children_continue_after_it()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        var before = await context.PutAsync("s", "k", "before");
        var iterator = context.Engine.GetShardIterator("s", "shardId-000000000000", ShardIteratorType.TrimHorizon);
        await context.Engine.SplitShardAsync("s", "shardId-000000000000", "170141183460469231731687303715884105728");

        var shards = context.Engine.GetShards("s").Shards;
        Assert.Equal(3, shards.Count);
        var parent = shards[0];
        Assert.True(parent.IsClosed);
        Assert.True(SequenceNumbers.Compare(parent.EndingSequenceNumber, before.SequenceNumber) >= 0);
        Assert.All(shards.Skip(1), child =>
        {
            Assert.Equal(parent.ShardId, child.ParentShardId);
            Assert.Null(child.AdjacentParentShardId);
            Assert.False(child.IsClosed);
        });
        Assert.Equal("170141183460469231731687303715884105727", shards[1].EndingHashKey);
        Assert.Equal("170141183460469231731687303715884105728", shards[2].StartingHashKey);

        var after = await context.PutAsync("s", "k", "after");
        Assert.Contains(after.ShardId, new[] { shards[1].ShardId, shards[2].ShardId });
        var page = context.Engine.GetRecords(iterator, 10);
        Assert.Equal("before", StreamTestContext.Text(Assert.Single(page.Records)));
        Assert.Null(page.NextShardIterator);
        Assert.Equal([shards[1].ShardId, shards[2].ShardId], page.ChildShards.Select(c => c.ShardId));
        Assert.True(context.Engine.Read(context.Engine.StreamArn("s"), parent.ShardId, null, 10).ShardEnded);
        Assert.Equal("ResourceNotFoundException", Assert.Throws<StreamException>(() =>
            context.Engine.GetShardIterator("s", "shardId-000000000009", ShardIteratorType.Latest)).Code);
    }

    [Fact]
    public async Task Merging_names_both_parents_and_refuses_non_adjacent_or_closed_shards()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 3);
        var error = await Assert.ThrowsAsync<StreamException>(() => context.Engine.MergeShardsAsync("s", "shardId-000000000000", "shardId-000000000002"));
        Assert.Equal("InvalidArgumentException", error.Code);
        await context.Engine.MergeShardsAsync("s", "shardId-000000000001", "shardId-000000000000");
        var merged = context.Engine.GetShards("s").Shards.Single(s => s.ShardId == "shardId-000000000003");
        Assert.Equal("shardId-000000000001", merged.ParentShardId);
        Assert.Equal("shardId-000000000000", merged.AdjacentParentShardId);
        Assert.Equal("0", merged.StartingHashKey);
        error = await Assert.ThrowsAsync<StreamException>(() => context.Engine.SplitShardAsync("s", "shardId-000000000000", "5"));
        Assert.Equal("InvalidArgumentException", error.Code);
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 2)]
    [InlineData(2, 4)]
    [InlineData(4, 7)]
    public async Task UpdateShardCount_makes_even_shards_with_exact_lineage(int from, int to)
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", from);
        var keys = Enumerable.Range(0, 60).Select(i => "key-" + i).ToList();
        foreach (var key in keys)
            await context.PutAsync("s", key, "before:" + key);
        await context.Engine.UpdateShardCountAsync("s", to);
        foreach (var key in keys)
            await context.PutAsync("s", key, "after:" + key);

        var shards = context.Engine.GetShards("s").Shards;
        var open = shards.Where(s => !s.IsClosed).OrderBy(s => Parse(s.StartingHashKey)).ToList();
        Assert.Equal(to, open.Count);
        var space = BigInteger.Pow(2, 128);
        for (var i = 0; i < to; i++)
            Assert.Equal(space / to * i, Parse(open[i].StartingHashKey));

        // Every shard's parents cover exactly its range: lineage is a tree of splits and merges.
        var byId = shards.ToDictionary(s => s.ShardId);
        foreach (var shard in shards.Where(s => s.ParentShardId is not null))
        {
            var parents = new[] { shard.ParentShardId, shard.AdjacentParentShardId }.OfType<string>().Select(p => byId[p]).ToList();
            Assert.All(parents, p => Assert.True(p.IsClosed));
            if (parents.Count == 2)
            {
                Assert.Equal(parents.Min(p => Parse(p.StartingHashKey)), Parse(shard.StartingHashKey));
                Assert.Equal(parents.Max(p => Parse(p.EndingHashKey)), Parse(shard.EndingHashKey));
            }
            else
            {
                Assert.True(Parse(parents[0].StartingHashKey) <= Parse(shard.StartingHashKey) &&
                            Parse(shard.EndingHashKey) <= Parse(parents[0].EndingHashKey));
            }
        }

        // Nothing is lost: reading every shard returns every record, each key's "before" in a closed shard.
        var all = shards.SelectMany(s => context.ReadAll("s", s.ShardId).Select(r => (s, Text: StreamTestContext.Text(r)))).ToList();
        Assert.Equal(120, all.Count);
        Assert.All(all.Where(r => r.Text.StartsWith("before:", StringComparison.Ordinal)), r => Assert.True(r.s.IsClosed));
        Assert.All(all.Where(r => r.Text.StartsWith("after:", StringComparison.Ordinal)), r => Assert.False(r.s.IsClosed));
    }

    [Fact]
    public async Task UpdateShardCount_refuses_more_than_double_or_less_than_half()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 4);
        Assert.Equal("InvalidArgumentException", (await Assert.ThrowsAsync<StreamException>(() => context.Engine.UpdateShardCountAsync("s", 9))).Code);
        Assert.Equal("InvalidArgumentException", (await Assert.ThrowsAsync<StreamException>(() => context.Engine.UpdateShardCountAsync("s", 1))).Code);
    }
}
