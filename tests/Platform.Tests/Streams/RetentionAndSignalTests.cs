using System.Text;
using Platform.Emulators.Streams.Engine;

namespace Platform.Tests.Streams;

public sealed class RetentionAndSignalTests
{
    private const string Shard0 = "shardId-000000000000";

    [Fact]
    public async Task Records_older_than_the_retention_period_are_no_longer_read_and_are_trimmed()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        await context.PutAsync("s", "k", "old");
        context.Time.Advance(TimeSpan.FromHours(23));
        await context.PutAsync("s", "k", "young");
        context.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(["young"], context.ReadAll("s", Shard0).Select(StreamTestContext.Text));
        await context.Engine.TrimExpiredAsync("s");
        Assert.Equal(1L, context.Database.Read(c =>
        {
            using var count = c.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM kinesis_records";
            return (long)count.ExecuteScalar()!;
        }));
    }

    [Fact]
    public async Task Increasing_retention_keeps_records_longer_and_the_range_is_enforced()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        await context.Engine.IncreaseRetentionPeriodAsync("s", 48);
        await context.PutAsync("s", "k", "kept");
        context.Time.Advance(TimeSpan.FromHours(47));
        Assert.Single(context.ReadAll("s", Shard0));
        Assert.Equal(48, context.Engine.DescribeStream("s").RetentionPeriodHours);

        foreach (var (call, hours) in new (Func<string, int, Task>, int)[]
                 {
                     ((n, h) => context.Engine.IncreaseRetentionPeriodAsync(n, h), 8761),
                     ((n, h) => context.Engine.IncreaseRetentionPeriodAsync(n, h), 30),
                     ((n, h) => context.Engine.DecreaseRetentionPeriodAsync(n, h), 23),
                     ((n, h) => context.Engine.DecreaseRetentionPeriodAsync(n, h), 72),
                 })
            Assert.Equal("InvalidArgumentException", (await Assert.ThrowsAsync<StreamException>(() => call("s", hours))).Code);

        await context.Engine.DecreaseRetentionPeriodAsync("s", 24);
        Assert.Empty(context.ReadAll("s", Shard0));
    }

    [Fact]
    public async Task Every_committed_put_fires_the_streams_signal()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        var signal = context.Engine.Changes(context.Engine.StreamArn("s"));
        var seen = signal.Version;
        var wait = signal.WaitAsync(seen, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        await context.PutAsync("s", "k", "v");
        Assert.True(await wait);
        Assert.Single(context.ReadAll("s", Shard0));
        Assert.Same(signal, context.Engine.Changes("s"));
    }

    [Fact]
    public async Task Shard_limits_are_enforced_only_when_turned_on()
    {
        await using var context = StreamTestContext.Create(new StreamEngineOptions { EnforceShardLimits = true });
        await context.Engine.CreateStreamAsync("s", 1);
        var results = new List<PutRecordOutcome>();
        for (var i = 0; i < 3; i++)
            results.AddRange(await context.Engine.PutRecordsAsync("s",
                Enumerable.Range(0, 500).Select(_ => new PutRecordEntry("k", [1])).ToList()));
        Assert.Equal(1000, results.Count(r => r.Succeeded));
        Assert.All(results.Skip(1000), r => Assert.Equal("ProvisionedThroughputExceededException", r.ErrorCode));
        context.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull((await context.PutAsync("s", "k", "next second")).SequenceNumber);

        await using var unlimited = StreamTestContext.Create();
        await unlimited.Engine.CreateStreamAsync("s", 1);
        for (var i = 0; i < 3; i++)
            Assert.All(await unlimited.Engine.PutRecordsAsync("s",
                Enumerable.Range(0, 500).Select(_ => new PutRecordEntry("k", [1])).ToList()), r => Assert.True(r.Succeeded));
    }

    [Fact]
    public async Task Bad_records_are_refused_with_Kinesis_errors()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("s", 1);
        async Task<string> Code(Func<Task> call) => (await Assert.ThrowsAsync<StreamException>(call)).Code;

        Assert.Equal("ValidationException", await Code(() => context.Engine.PutRecordAsync("s", new PutRecordEntry("k", new byte[1024 * 1024 + 1]))));
        Assert.Equal("ValidationException", await Code(() => context.Engine.PutRecordAsync("s", new PutRecordEntry("", [1]))));
        Assert.Equal("ValidationException", await Code(() => context.Engine.PutRecordAsync("s", new PutRecordEntry(new string('k', 257), [1]))));
        Assert.Equal("ResourceNotFoundException", await Code(() => context.PutAsync("missing", "k", "v")));
        Assert.Equal("ValidationException", await Code(() => context.Engine.PutRecordsAsync("s",
            Enumerable.Range(0, 501).Select(_ => new PutRecordEntry("k", [1])).ToList())));
        Assert.Equal("InvalidArgumentException", await Code(() => context.Engine.PutRecordsAsync("s",
            Enumerable.Range(0, 6).Select(_ => new PutRecordEntry("k", new byte[1024 * 1024])).ToList())));
        Assert.Equal("ResourceInUseException", await Code(() => context.Engine.CreateStreamAsync("s", 1)));
        Assert.Equal("ValidationException", await Code(() => context.Engine.CreateStreamAsync("bad name", 1)));
        Assert.Equal("ValidationException", await Code(() => context.Engine.CreateStreamAsync("zero", 0)));
        Assert.Equal(1024 * 1024 - 1, (await context.Engine.PutRecordAsync("s", new PutRecordEntry("k", new byte[1024 * 1024 - 1]))) is { } ok && ok.Succeeded
            ? context.ReadAll("s", Shard0)[0].Data.Length
            : -1);
        Assert.Empty(context.ReadAll("s", Shard0).Skip(1).Select(r => Encoding.UTF8.GetString(r.Data)));
    }
}
