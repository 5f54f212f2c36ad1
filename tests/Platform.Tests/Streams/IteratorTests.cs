using Platform.Emulators.Streams.Engine;

namespace Platform.Tests.Streams;

public sealed class IteratorTests
{
    private const string Shard0 = "shardId-000000000000";

    [Fact]
    public async Task Iterators_read_from_each_starting_position()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        var first = await context.PutAsync("s", "k", "one");
        context.Time.Advance(TimeSpan.FromSeconds(10));
        var second = await context.PutAsync("s", "k", "two");
        var latest = context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.Latest);
        var third = await context.PutAsync("s", "k", "three");

        string[] Read(string iterator) => context.Engine.GetRecords(iterator, 100).Records.Select(StreamTestContext.Text).ToArray();

        Assert.Equal(["one", "two", "three"], Read(context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.TrimHorizon)));
        Assert.Equal(["three"], Read(latest));
        Assert.Equal(["two", "three"], Read(context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.AtSequenceNumber, second.SequenceNumber)));
        Assert.Equal(["three"], Read(context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.AfterSequenceNumber, second.SequenceNumber)));
        var arrivalOfSecond = context.Time.GetUtcNow();
        Assert.Equal(["two", "three"], Read(context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.AtTimestamp, timestamp: arrivalOfSecond)));
        Assert.Equal(["one", "two", "three"], Read(context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.AtTimestamp, timestamp: arrivalOfSecond.AddSeconds(-10))));
        Assert.Equal(first.SequenceNumber, context.Engine.GetRecords(
            context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.AtSequenceNumber, first.SequenceNumber), 1).Records[0].SequenceNumber);
        Assert.Equal(third.SequenceNumber, context.Engine.LatestSequenceNumber(context.Engine.StreamArn("s"), Shard0));
    }

    [Fact]
    public async Task Next_iterators_continue_where_the_last_read_stopped()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        for (var i = 0; i < 7; i++)
            await context.PutAsync("s", "k", "r" + i);
        var iterator = context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.TrimHorizon);
        var seen = new List<string>();
        var page = context.Engine.GetRecords(iterator, 3);
        Assert.True(page.MillisBehindLatest >= 0);
        seen.AddRange(page.Records.Select(StreamTestContext.Text));
        while (page.Records.Count > 0)
        {
            page = context.Engine.GetRecords(page.NextShardIterator!, 3);
            seen.AddRange(page.Records.Select(StreamTestContext.Text));
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => "r" + i), seen);
        Assert.NotNull(page.NextShardIterator);
        await context.PutAsync("s", "k", "late");
        Assert.Equal("late", StreamTestContext.Text(Assert.Single(context.Engine.GetRecords(page.NextShardIterator!, 3).Records)));
    }

    [Fact]
    public async Task MillisBehindLatest_is_how_far_the_last_record_returned_is_behind_the_newest()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        await context.PutAsync("s", "k", "old");
        context.Time.Advance(TimeSpan.FromSeconds(30));
        await context.PutAsync("s", "k", "new");
        var page = context.Engine.GetRecords(context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.TrimHorizon), 1);
        Assert.Equal(30_000, page.MillisBehindLatest);
        Assert.Equal(0, context.Engine.GetRecords(page.NextShardIterator!, 1).MillisBehindLatest);
    }

    [Fact]
    public async Task An_iterator_expires_after_five_minutes()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        var iterator = context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.TrimHorizon);
        context.Time.Advance(TimeSpan.FromMinutes(5));
        var next = context.Engine.GetRecords(iterator, 10).NextShardIterator!;
        context.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("ExpiredIteratorException", Assert.Throws<StreamException>(() => context.Engine.GetRecords(iterator, 10)).Code);
        context.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(context.Engine.GetRecords(next, 10).Records);
    }

    [Fact]
    public async Task A_forged_or_altered_iterator_is_refused()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        var iterator = context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.TrimHorizon);
        var altered = (iterator[5] == 'A' ? "B" : "A") is var c ? iterator[..5] + c + iterator[6..] : iterator;
        foreach (var forged in new[] { altered, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not an iterator", "" })
            Assert.Equal("InvalidArgumentException", Assert.Throws<StreamException>(() => context.Engine.GetRecords(forged, 10)).Code);
    }

    [Fact]
    public async Task An_iterator_of_a_deleted_stream_is_not_found_even_after_recreating_it()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        var iterator = context.Engine.GetShardIterator("s", Shard0, ShardIteratorType.TrimHorizon);
        await context.Engine.DeleteStreamAsync("s");
        await context.Engine.CreateStreamAsync("s", 1);
        Assert.Equal("ResourceNotFoundException", Assert.Throws<StreamException>(() => context.Engine.GetRecords(iterator, 10)).Code);
    }

    [Fact]
    public async Task Iterators_and_records_survive_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), "platform-stream-test-" + Guid.NewGuid().ToString("N"));
        var time = new Support.ManualTimeProvider();
        try
        {
            string iterator;
            await using (var before = StreamTestContext.Open(path, time))
            {
                await before.Engine.CreateStreamAsync("s", 2);
                await before.PutAsync("s", "k", "kept", explicitHashKey: "0");
                iterator = before.Engine.GetShardIterator("s", Shard0, ShardIteratorType.TrimHorizon);
                await before.Engine.AddTagsAsync("s", new Dictionary<string, string> { ["team"] = "a" });
            }

            await using var after = StreamTestContext.Open(path, time);
            Assert.Equal("kept", StreamTestContext.Text(Assert.Single(after.Engine.GetRecords(iterator, 10).Records)));
            Assert.Equal("a", after.Engine.ListTags("s")["team"]);
            Assert.Equal(2, after.Engine.GetShards("s").Shards.Count);
            var next = await after.PutAsync("s", "k", "more", explicitHashKey: "0");
            Assert.Equal(2, after.ReadAll("s", Shard0).Count);
            Assert.Equal(next.SequenceNumber, after.ReadAll("s", Shard0)[1].SequenceNumber);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
