using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Triggers.Sources.Kinesis;

namespace Platform.Tests.Triggers.Sources.Kinesis;

/// <summary>TumblingWindowInSeconds on a stream mapping (services-kinesis-windows): batches within one
/// window, the state handed from invocation to invocation, the final invocation, an early end over
/// 1 MB, and a window that survives a restart. The clock starts at 05:30:28.123, so a 60-second
/// window runs 05:30:00–05:31:00.</summary>
public sealed class TumblingWindowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset WindowEnd = new(2026, 11, 22, 5, 31, 0, TimeSpan.Zero);
    private readonly StreamHarness _harness = new();
    private string _stream = "";
    private string Shard0 => InMemoryStreamSource.ShardName(0);

    public async Task InitializeAsync()
    {
        _stream = _harness.Streams.CreateStream("orders");
        await _harness.CreateFailureQueueAsync();
        // The function counts records in its state: {"count": n}.
        _harness.Function.Respond = call => (InvocationOutcome.Succeeded, Counted(call));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Platform.Triggers.Mappings.EventSourceMapping Mapping(int batchSize = 100) =>
        StreamHarness.Mapping(_stream) with { TumblingWindowInSeconds = 60, BatchSize = batchSize };

    private string Put(string data) => _harness.Streams.Put(_stream, Shard0, "k", data);

    private static int Count(StreamInvocation call) =>
        call.Event.GetProperty("state").TryGetProperty("count", out var count) ? count.GetInt32() : 0;

    /// <summary>The response of a function that counts its window's records.</summary>
    private static string Counted(StreamInvocation call) => "{\"state\":{\"count\":" + (Count(call) + call.Records.Count) + "}}";

    private static bool IsFinal(StreamInvocation call) => call.Event.GetProperty("isFinalInvokeForWindow").GetBoolean();

    [Fact]
    public async Task Each_invocation_gets_the_state_the_last_returned_and_the_window_ends_with_a_final_invocation()
    {
        var sequences = new[] { Put("a"), Put("b"), Put("c") };
        _harness.Start(Mapping(batchSize: 2));

        var first = await _harness.Function.NextCallAsync();
        var second = await _harness.Function.NextCallAsync();

        Assert.Equal(sequences[..2], first.SequenceNumbers);
        Assert.Equal("{}", first.Event.GetProperty("state").GetRawText());
        Assert.Equal([sequences[2]], second.SequenceNumbers);
        Assert.Equal(2, Count(second));
        Assert.False(IsFinal(second));
        // The fields follow the records in AWS's order.
        Assert.Equal(["Records", "window", "state", "shardId", "eventSourceARN", "isFinalInvokeForWindow", "isWindowTerminatedEarly"],
            first.Event.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-11-22T05:30:00Z", first.Event.GetProperty("window").GetProperty("start").GetString());
        Assert.Equal("2026-11-22T05:31:00Z", first.Event.GetProperty("window").GetProperty("end").GetString());
        Assert.Equal(Shard0, first.Event.GetProperty("shardId").GetString());
        Assert.Equal(_stream, first.Event.GetProperty("eventSourceARN").GetString());

        _harness.Time.Advance(WindowEnd - _harness.Time.GetUtcNow());
        var final = await _harness.Function.NextCallAsync();

        Assert.True(IsFinal(final));
        Assert.False(final.Event.GetProperty("isWindowTerminatedEarly").GetBoolean());
        Assert.Empty(final.Records);
        Assert.Equal(3, Count(final));
        await _harness.StopAsync();
        Assert.Empty(_harness.Checkpoints.ReadWindows(Mapping().Uuid, Shard0));
    }

    [Fact]
    public async Task A_record_of_a_later_window_is_sent_only_after_the_open_window_closed()
    {
        Put("a");
        _harness.Time.Advance(TimeSpan.FromSeconds(40));   // 05:31:08: the next window
        var later = Put("b");
        _harness.Start(Mapping());

        var calls = new[] { await _harness.Function.NextCallAsync(), await _harness.Function.NextCallAsync(), await _harness.Function.NextCallAsync() };

        Assert.Equal([1, 0, 1], calls.Select(c => c.Records.Count));
        Assert.True(IsFinal(calls[1]));
        Assert.Equal(1, Count(calls[1]));
        Assert.Equal([later], calls[2].SequenceNumbers);
        Assert.Equal("{}", calls[2].Event.GetProperty("state").GetRawText());
        Assert.Equal("2026-11-22T05:31:00Z", calls[2].Event.GetProperty("window").GetProperty("start").GetString());
    }

    [Fact]
    public async Task A_response_without_state_is_a_failed_invocation_and_the_batch_is_retried()
    {
        var sequence = Put("a");
        var answered = 0;
        _harness.Function.Respond = call => Interlocked.Increment(ref answered) == 1
            ? (InvocationOutcome.Succeeded, """{"batchItemFailures":[]}""")
            : (InvocationOutcome.Succeeded, """{"state":{"count":1}}""");
        _harness.Start(Mapping());

        var first = await _harness.Function.NextCallAsync();
        var retry = await _harness.Function.NextCallAsync();

        Assert.Equal([sequence], first.SequenceNumbers);
        Assert.Equal([sequence], retry.SequenceNumbers);
        Assert.Equal("{}", retry.Event.GetProperty("state").GetRawText());
    }

    [Fact]
    public async Task A_state_over_1_MB_ends_the_window_early_and_the_window_goes_on_with_an_empty_state()
    {
        var big = new string('x', TumblingWindow.MaxStateBytes);
        _harness.Function.Respond = call => IsFinal(call)
            ? (InvocationOutcome.Succeeded, null)
            : (InvocationOutcome.Succeeded, "{\"state\":{\"blob\":\"" + (call.Data.Contains("a") ? big : "small") + "\"}}");
        Put("a");
        _harness.Start(Mapping(batchSize: 1));

        var first = await _harness.Function.NextCallAsync();
        var early = await _harness.Function.NextCallAsync();
        Put("b");
        var next = await _harness.Function.NextCallAsync();

        Assert.Equal(["a"], first.Data);
        Assert.True(IsFinal(early));
        Assert.True(early.Event.GetProperty("isWindowTerminatedEarly").GetBoolean());
        Assert.Equal(["b"], next.Data);
        Assert.Equal("{}", next.Event.GetProperty("state").GetRawText());
        Assert.Equal(early.Event.GetProperty("window").GetRawText(), next.Event.GetProperty("window").GetRawText());
    }

    [Fact]
    public async Task A_restarted_mapping_continues_the_open_window_with_its_saved_state()
    {
        Put("a");
        Put("b");
        _harness.Start(Mapping());
        Assert.Equal(2, (await _harness.Function.NextCallAsync()).Records.Count);
        await _harness.ReopenAsync();

        Put("c");
        _harness.Start(Mapping());
        var resumed = await _harness.Function.NextCallAsync();

        Assert.Equal(["c"], resumed.Data);
        Assert.Equal(2, Count(resumed));
    }

    [Fact]
    public async Task A_failing_final_invocation_is_retried_before_the_next_window_starts()
    {
        var finals = 0;
        _harness.Function.Respond = call => IsFinal(call) && Interlocked.Increment(ref finals) == 1
            ? (InvocationOutcome.Failed, null)
            : (InvocationOutcome.Succeeded, Counted(call));
        Put("a");
        _harness.Start(Mapping());
        await _harness.Function.NextCallAsync();
        _harness.Time.Advance(WindowEnd - _harness.Time.GetUtcNow());
        var later = Put("b");

        var failedFinal = await _harness.Function.NextCallAsync();
        var retriedFinal = await _harness.Function.NextCallAsync();
        var next = await _harness.Function.NextCallAsync();

        Assert.True(IsFinal(failedFinal));
        Assert.True(IsFinal(retriedFinal));
        Assert.Equal(1, Count(retriedFinal));
        Assert.Equal([later], next.SequenceNumbers);
    }
}
