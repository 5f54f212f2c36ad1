using System.Text;
using Platform.Emulators.Streams.Engine;

namespace Platform.Tests.Triggers.Sources.Kinesis;

/// <summary>The mapping worker over the platform's real stream engine: lineage from a real reshard,
/// and checkpoints that survive a reopen of the database the engine also lives in.</summary>
public sealed class KinesisMappingEngineTests : IAsyncLifetime
{
    private const string StreamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
    private readonly StreamHarness _harness = new(realEngine: true);

    public async Task InitializeAsync() => await _harness.Engine.CreateStreamAsync("orders", 1);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private async Task<List<PutRecordOutcome>> PutAsync(int count, string prefix)
    {
        var outcomes = new List<PutRecordOutcome>();
        for (var i = 1; i <= count; i++)
            outcomes.Add(await _harness.Engine.PutRecordAsync("orders", new PutRecordEntry($"key-{i}", Encoding.UTF8.GetBytes($"{prefix}{i}"))));
        return outcomes;
    }

    [Fact]
    public async Task After_a_real_reshard_the_parent_is_finished_before_its_children_start()
    {
        var before = await PutAsync(6, "p");
        await _harness.Engine.UpdateShardCountAsync("orders", 2);
        var after = await PutAsync(6, "c");
        Assert.All(after, o => Assert.NotEqual(before[0].ShardId, o.ShardId));

        _harness.Start(StreamHarness.Mapping(StreamArn) with { BatchSize = 2 });
        var calls = (await _harness.Function.CallsCoveringAsync(12)).ToList();

        var parent = before[0].ShardId!;
        var lastParent = calls.FindLastIndex(c => c.ShardId == parent);
        var firstChild = calls.FindIndex(c => c.ShardId != parent);
        Assert.True(lastParent < firstChild, "a child shard was invoked before its parent was done");
        Assert.Equal(before.Select(o => o.SequenceNumber), calls.Where(c => c.ShardId == parent).SelectMany(c => c.SequenceNumbers));
        foreach (var child in after.GroupBy(o => o.ShardId))
            Assert.Equal(child.Select(o => o.SequenceNumber), calls.Where(c => c.ShardId == child.Key).SelectMany(c => c.SequenceNumbers));
    }

    [Fact]
    public async Task Reopening_the_database_resumes_after_the_last_processed_record()
    {
        var first = await PutAsync(3, "a");
        _harness.Start(StreamHarness.Mapping(StreamArn));
        await _harness.Function.CallsCoveringAsync(3);
        await _harness.ReopenAsync();

        var second = await PutAsync(2, "b");
        _harness.Start(StreamHarness.Mapping(StreamArn));
        var calls = await _harness.Function.CallsCoveringAsync(2);

        Assert.Equal(second.Select(o => o.SequenceNumber), calls.SelectMany(c => c.SequenceNumbers));
        Assert.Equal(5, _harness.Function.All.Sum(c => c.Records.Count));
        Assert.NotEqual(first[^1].SequenceNumber, second[0].SequenceNumber);
    }
}
