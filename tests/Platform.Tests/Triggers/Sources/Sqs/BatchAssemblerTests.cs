using Platform.Triggers.Sources.Sqs;

namespace Platform.Tests.Triggers.Sources.Sqs;

public sealed class BatchAssemblerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_batch_is_ready_when_it_has_BatchSize_records()
    {
        var assembler = new BatchAssembler(batchSize: 3, window: TimeSpan.FromSeconds(60));
        assembler.Add(SqsRecords.Of("1"), T0);
        assembler.Add(SqsRecords.Of("2"), T0);
        Assert.False(assembler.IsReady(T0));
        Assert.Equal(1, assembler.Room);

        assembler.Add(SqsRecords.Of("3"), T0);
        Assert.True(assembler.IsReady(T0));
        Assert.Equal(["1", "2", "3"], assembler.Take(T0).Select(r => r.MessageId));
        Assert.Equal(0, assembler.Count);
    }

    [Fact]
    public void The_window_counts_from_the_first_record()
    {
        var assembler = new BatchAssembler(batchSize: 100, window: TimeSpan.FromSeconds(5));
        Assert.Null(assembler.RemainingWindow(T0));
        Assert.False(assembler.IsReady(T0));   // empty: never ready

        assembler.Add(SqsRecords.Of("1"), T0);
        assembler.Add(SqsRecords.Of("2"), T0.AddSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(1), assembler.RemainingWindow(T0.AddSeconds(4)));
        Assert.False(assembler.IsReady(T0.AddSeconds(4.999)));
        Assert.True(assembler.IsReady(T0.AddSeconds(5)));
        Assert.Equal(TimeSpan.Zero, assembler.RemainingWindow(T0.AddSeconds(9)));
    }

    [Fact]
    public void Without_a_window_any_record_makes_a_batch_ready()
    {
        var assembler = new BatchAssembler(batchSize: 10, window: TimeSpan.Zero);
        assembler.Add(SqsRecords.Of("1"), T0);
        Assert.True(assembler.IsReady(T0));
    }

    [Fact]
    public void A_batch_is_split_at_6_MB_and_the_rest_starts_the_next_batch()
    {
        // 256 KiB bodies: 23 fit in 6 MB with their record fields, the 24th does not.
        var body = new string('x', 256 * 1024);
        var assembler = new BatchAssembler(batchSize: 10_000, window: TimeSpan.FromSeconds(300));
        for (var i = 0; i < 30; i++)
            assembler.Add(SqsRecords.Of($"m{i:D2}", body), T0);

        Assert.True(assembler.IsReady(T0));
        var first = assembler.Take(T0);
        Assert.Equal(23, first.Count);
        Assert.True(SqsEventBuilder.Build(first).Length <= BatchAssembler.MaxPayloadBytes);
        Assert.True(SqsEventBuilder.Build([.. first, SqsRecords.Of("m99", body)]).Length > BatchAssembler.MaxPayloadBytes);

        // The held-over 7 wait for more or their own window, which opened when they were handed over.
        Assert.Equal(7, assembler.Count);
        Assert.False(assembler.IsReady(T0.AddSeconds(1)));
        Assert.True(assembler.IsReady(T0.AddSeconds(300)));
        Assert.Equal(Enumerable.Range(23, 7).Select(i => $"m{i:D2}"), assembler.Take(T0).Select(r => r.MessageId));
    }

    [Fact]
    public void Payload_bytes_are_the_envelope_records_and_commas()
    {
        SqsRecord[] records = [SqsRecords.Of("1"), SqsRecords.Of("2", "hello")];
        var built = System.Text.Encoding.UTF8.GetByteCount(SqsEventBuilder.Build(records));
        Assert.Equal(built, SqsEventBuilder.PayloadBytes(2, records.Sum(r => (long)r.Json.Length)));
    }

    [Fact]
    public void Take_all_returns_the_batch_and_the_held_over_records()
    {
        var assembler = new BatchAssembler(batchSize: 2, window: TimeSpan.FromSeconds(60));
        foreach (var id in new[] { "1", "2", "3" })
            assembler.Add(SqsRecords.Of(id), T0);

        Assert.Equal(["1", "2", "3"], assembler.TakeAll().Select(r => r.MessageId));
        Assert.Equal(0, assembler.Count);
        Assert.Empty(assembler.Pending);
    }
}
