using Platform.Contracts.Dispatch;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Sources.Kinesis;

namespace Platform.Tests.Triggers.Sources.Kinesis;

/// <summary>The Kinesis event source mapping's conformance suite: order, starting positions,
/// checkpoints, lineage, parallelization and AWS's error handling, against the worker.</summary>
public sealed class KinesisMappingWorkerTests : IAsyncLifetime
{
    private readonly StreamHarness _harness = new();
    private string _stream = "";
    private string Shard0 => InMemoryStreamSource.ShardName(0);

    public async Task InitializeAsync()
    {
        _stream = _harness.Streams.CreateStream("orders");
        await _harness.CreateFailureQueueAsync();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private List<string> PutMany(int count, string prefix = "r", Func<int, string>? key = null, string? shard = null) =>
        [.. Enumerable.Range(1, count).Select(i => _harness.Streams.Put(_stream, shard ?? Shard0, key?.Invoke(i) ?? "k", $"{prefix}{i}"))];

    private string? Checkpoint(string? shard = null) =>
        _harness.Checkpoints.Read(StreamHarness.Mapping(_stream).Uuid).GetValueOrDefault(shard ?? Shard0)?.SequenceNumber;

    [Fact]
    public async Task Delivers_a_shard_in_order_in_batches_of_BatchSize_from_the_trim_horizon()
    {
        var sequences = PutMany(7);
        _harness.Start(StreamHarness.Mapping(_stream) with { BatchSize = 3 });

        var calls = await _harness.Function.CallsCoveringAsync(7);

        Assert.Equal([3, 3, 1], calls.Select(c => c.Records.Count));
        Assert.Equal(sequences, calls.SelectMany(c => c.SequenceNumbers));
        Assert.Equal(["r1", "r2", "r3"], calls[0].Data);
        Assert.All(calls, c => Assert.Equal("kinesis:orders", c.Request.Trigger));
        await _harness.StopAsync();
        Assert.Equal(sequences[^1], Checkpoint());
        Assert.Equal(sequences[^1], _harness.Worker!.Status.ShardPositions[Shard0]);
    }

    [Fact]
    public async Task Records_put_later_are_pushed_without_a_poll_interval()
    {
        // The clock never moves here: only the stream's change signal can wake the worker.
        _harness.Start(StreamHarness.Mapping(_stream));
        await WaitForCheckpointRowAsync();
        var first = _harness.Streams.Put(_stream, Shard0, "k", "one");
        Assert.Equal([first], (await _harness.Function.NextCallAsync()).SequenceNumbers);
        var second = _harness.Streams.Put(_stream, Shard0, "k", "two");

        var call = await _harness.Function.NextCallAsync();

        Assert.Equal([second], call.SequenceNumbers);
    }

    [Fact]
    public async Task Latest_skips_what_was_there_and_is_fixed_once_so_a_restart_loses_nothing()
    {
        PutMany(3, "old");
        _harness.Start(StreamHarness.Mapping(_stream, "LATEST"));
        await WaitForCheckpointRowAsync();
        await _harness.StopAsync();
        // Put while the mapping is down: LATEST was resolved once, so these are not skipped.
        var fresh = PutMany(2, "new");

        _harness.Start(StreamHarness.Mapping(_stream, "LATEST"));
        var calls = await _harness.Function.CallsCoveringAsync(2);

        Assert.Equal(fresh, calls.SelectMany(c => c.SequenceNumbers));
        Assert.DoesNotContain(_harness.Function.All, c => c.Data.Any(d => d.StartsWith("old", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task At_timestamp_starts_at_the_first_record_that_arrived_at_or_after_it()
    {
        PutMany(2, "before");
        _harness.Time.Advance(TimeSpan.FromMinutes(1));
        var from = _harness.Time.GetUtcNow();
        var after = PutMany(2, "after");

        _harness.Start(StreamHarness.Mapping(_stream, "AT_TIMESTAMP") with { StartingPositionTimestamp = from });
        var calls = await _harness.Function.CallsCoveringAsync(2);

        Assert.Equal(after, calls.SelectMany(c => c.SequenceNumbers));
    }

    [Fact]
    public async Task A_restart_resumes_after_the_last_processed_record_not_from_the_start()
    {
        var first = PutMany(4, "a");
        _harness.Start(StreamHarness.Mapping(_stream) with { BatchSize = 2 });
        await _harness.Function.CallsCoveringAsync(4);
        await _harness.StopAsync();
        Assert.Equal(first[^1], Checkpoint());

        var second = PutMany(3, "b");
        await _harness.ReopenAsync();
        _harness.Start(StreamHarness.Mapping(_stream) with { BatchSize = 2 });
        var calls = await _harness.Function.CallsCoveringAsync(3);

        Assert.Equal(second, calls.SelectMany(c => c.SequenceNumbers));
        Assert.Equal(7, _harness.Function.All.Sum(c => c.Records.Count));
    }

    [Fact]
    public async Task A_closed_parent_is_fully_processed_before_its_children()
    {
        var parentRecords = PutMany(5, "p");
        var (left, right) = _harness.Streams.Split(_stream, Shard0);
        var childRecords = PutMany(3, "l", shard: left).Concat(PutMany(3, "q", shard: right)).ToList();
        // The parent's first batch is held: the children must wait although their records are there.
        var release = new TaskCompletionSource();
        _harness.Function.Gate = call => call.ShardId == Shard0 && call.Data[0] == "p1" ? release.Task : Task.CompletedTask;

        _harness.Start(StreamHarness.Mapping(_stream) with { BatchSize = 2 });
        var held = await _harness.Function.NextCallAsync();
        Assert.Equal(Shard0, held.ShardId);
        release.SetResult();
        var calls = await _harness.Function.CallsCoveringAsync(11 - held.Records.Count);

        var order = new[] { held }.Concat(calls).ToList();
        var lastParent = order.FindLastIndex(c => c.ShardId == Shard0);
        var firstChild = order.FindIndex(c => c.ShardId != Shard0);
        Assert.True(lastParent < firstChild, "a child shard was invoked before its parent was done");
        Assert.Equal(parentRecords, order.Where(c => c.ShardId == Shard0).SelectMany(c => c.SequenceNumbers));
        Assert.Equal(childRecords.Order(), order.Where(c => c.ShardId != Shard0).SelectMany(c => c.SequenceNumbers).Order());
        await _harness.StopAsync();
        Assert.True(_harness.Checkpoints.Read(StreamHarness.Mapping(_stream).Uuid)[Shard0].Ended);
    }

    [Fact]
    public async Task Parallelization_keeps_order_per_partition_key_and_checkpoints_only_past_records_every_lane_finished()
    {
        // Two keys known to land in different lanes of two.
        var (slow, fast) = KeysInDifferentLanes(2);
        var sequences = PutMany(6, "x", i => i % 2 == 1 ? slow : fast);
        var holdSlow = new TaskCompletionSource();
        _harness.Function.Gate = call => call.PartitionKeys[0] == slow ? holdSlow.Task : Task.CompletedTask;

        _harness.Start(StreamHarness.Mapping(_stream) with { ParallelizationFactor = 2, BatchSize = 10 });
        var calls = await _harness.Function.CallsCoveringAsync(6);

        // Both lanes run at once: the fast key's batch finished while the slow key's batch is held.
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Single(c.PartitionKeys.Distinct()));
        var fastCall = calls.Single(c => c.PartitionKeys[0] == fast);
        Assert.Equal([sequences[1], sequences[3], sequences[5]], fastCall.SequenceNumbers);
        // The fast lane has finished its batch once it takes the next one; the first record (slow
        // key) is still not done, so the checkpoint cannot have moved at all.
        var later = _harness.Streams.Put(_stream, Shard0, fast, "x7");
        Assert.Equal([later], (await _harness.Function.NextCallAsync()).SequenceNumbers);
        Assert.Null(Checkpoint());

        holdSlow.SetResult();
        await _harness.StopAsync();
        Assert.Equal(later, Checkpoint());
        Assert.Equal([sequences[0], sequences[2], sequences[4]], calls.Single(c => c.PartitionKeys[0] == slow).SequenceNumbers);
    }

    [Fact]
    public async Task Bisection_isolates_a_poison_record_without_spending_retries()
    {
        var sequences = PutMany(8);
        var poison = sequences[4];
        _harness.Function.Respond = call => call.SequenceNumbers.Contains(poison) ? (InvocationOutcome.Failed, null) : (InvocationOutcome.Succeeded, null);

        _harness.Start(StreamHarness.Mapping(_stream) with
        {
            BatchSize = 8, BisectBatchOnFunctionError = true, MaximumRetryAttempts = 0, OnFailureDestination = StreamHarness.FailureQueueArn,
        });
        var record = await _harness.NextFailureRecordAsync();

        var info = record.GetProperty("KinesisBatchInfo");
        Assert.Equal(poison, info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(poison, info.GetProperty("endSequenceNumber").GetString());
        Assert.Equal(1, info.GetProperty("batchSize").GetInt32());
        Assert.Equal("RetryAttemptsExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        // [1..8] ✗ → [1..4] ✓, [5..8] ✗ → [5,6] ✗ → [5] ✗ (given up: no retries were spent) , [6] ✓ → [7,8] ✓
        var sizes = _harness.Function.All.Select(c => c.Records.Count).ToList();
        Assert.Equal([8, 4, 4, 2, 1], sizes.Take(5));
        await _harness.StopAsync();
        var succeeded = _harness.Function.All.Where(c => !c.SequenceNumbers.Contains(poison)).SelectMany(c => c.SequenceNumbers);
        Assert.Equal(sequences.Where(s => s != poison), succeeded);
        Assert.Equal(sequences[^1], Checkpoint());
    }

    [Fact]
    public async Task Exhausted_retries_send_the_failure_record_and_the_shard_moves_on()
    {
        var failing = PutMany(2, "bad");
        _harness.Function.Respond = call => call.Data.Any(d => d.StartsWith("bad", StringComparison.Ordinal))
            ? (InvocationOutcome.Failed, null) : (InvocationOutcome.Succeeded, null);

        _harness.Start(StreamHarness.Mapping(_stream) with { MaximumRetryAttempts = 2, OnFailureDestination = StreamHarness.FailureQueueArn });
        var record = await _harness.NextFailureRecordAsync();
        var next = PutMany(1, "good");
        var moved = await NextCallWithAsync("good1");

        Assert.Equal(3, _harness.Function.All.Count(c => c.Data.Contains("bad1")));
        Assert.Equal(next, moved.SequenceNumbers);
        var context = record.GetProperty("requestContext");
        Assert.Equal("RetryAttemptsExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(3, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:consume", context.GetProperty("functionArn").GetString());
        Assert.Equal(_harness.Function.All.Last(c => c.Data.Contains("bad1")).Request.RequestId, context.GetProperty("requestId").GetString());
        Assert.Equal("Unhandled", record.GetProperty("responseContext").GetProperty("functionError").GetString());
        var info = record.GetProperty("KinesisBatchInfo");
        Assert.Equal(failing[0], info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(failing[1], info.GetProperty("endSequenceNumber").GetString());
        Assert.Equal(2, info.GetProperty("batchSize").GetInt32());
        Assert.Equal(Shard0, info.GetProperty("shardId").GetString());
        Assert.Equal(_stream, info.GetProperty("streamArn").GetString());
    }

    [Fact]
    public async Task Records_older_than_the_maximum_age_are_given_up_before_an_invocation()
    {
        var stale = PutMany(2, "stale");
        _harness.Time.Advance(TimeSpan.FromSeconds(61));
        var fresh = PutMany(1, "fresh");

        _harness.Start(StreamHarness.Mapping(_stream) with { MaximumRecordAgeInSeconds = 60, OnFailureDestination = StreamHarness.FailureQueueArn });
        var record = await _harness.NextFailureRecordAsync();
        var call = await _harness.Function.NextCallAsync();

        Assert.Equal(fresh, call.SequenceNumbers);
        Assert.Equal("RecordAgeExceeded", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(0, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.False(record.TryGetProperty("responseContext", out _));
        Assert.Equal(stale[0], record.GetProperty("KinesisBatchInfo").GetProperty("startSequenceNumber").GetString());
        Assert.Equal(stale[1], record.GetProperty("KinesisBatchInfo").GetProperty("endSequenceNumber").GetString());
        Assert.Equal(_harness.Function.All, [call]);
    }

    [Fact]
    public async Task A_batch_retried_until_its_records_are_too_old_is_given_up_and_the_shard_moves_on()
    {
        PutMany(1, "bad");
        _harness.Function.Respond = call => call.Data.Contains("bad1") ? (InvocationOutcome.Failed, null) : (InvocationOutcome.Succeeded, null);

        _harness.Start(StreamHarness.Mapping(_stream) with { MaximumRecordAgeInSeconds = 60, OnFailureDestination = StreamHarness.FailureQueueArn });
        // Retries are immediate at first, then spaced out on the clock.
        for (var i = 0; i <= StreamRetryPolicy.ImmediateRetries; i++)
            await _harness.Function.NextCallAsync();
        var record = await AdvanceUntilAsync(_harness.NextFailureRecordAsync(), TimeSpan.FromSeconds(20));
        PutMany(1, "good");
        await NextCallWithAsync("good1");

        Assert.Equal("RecordAgeExceeded", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.True(record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32() > StreamRetryPolicy.ImmediateRetries);
        Assert.Equal(1, record.GetProperty("KinesisBatchInfo").GetProperty("batchSize").GetInt32());
    }

    [Fact]
    public async Task Reported_item_failures_checkpoint_at_the_lowest_one_and_retry_from_it()
    {
        var sequences = PutMany(5);
        var reported = false;
        _harness.Function.Respond = call =>
        {
            if (reported)
                return (InvocationOutcome.Succeeded, """{"batchItemFailures":[]}""");
            reported = true;
            return (InvocationOutcome.Succeeded, $$"""{"batchItemFailures":[{"itemIdentifier":"{{sequences[3]}}"},{"itemIdentifier":"{{sequences[2]}}"}]}""");
        };
        var holdRetry = new TaskCompletionSource();
        _harness.Function.Gate = call => _harness.Function.All.Count > 1 ? holdRetry.Task : Task.CompletedTask;

        _harness.Start(StreamHarness.Mapping(_stream) with { FunctionResponseTypes = ["ReportBatchItemFailures"] });
        var first = await _harness.Function.NextCallAsync();
        var retry = await _harness.Function.NextCallAsync();

        Assert.Equal(sequences, first.SequenceNumbers);
        Assert.Equal(sequences[2..], retry.SequenceNumbers);
        Assert.Equal(sequences[1], Checkpoint());
        holdRetry.SetResult();
        await _harness.StopAsync();
        Assert.Equal(sequences[^1], Checkpoint());
    }

    [Fact]
    public async Task An_invalid_item_failure_report_fails_the_whole_batch()
    {
        var sequences = PutMany(3);
        _harness.Function.Respond = call => _harness.Function.All.Count == 1
            ? (InvocationOutcome.Succeeded, """{"batchItemFailures":[{"itemIdentifier":""}]}""")
            : (InvocationOutcome.Succeeded, null);

        _harness.Start(StreamHarness.Mapping(_stream) with { FunctionResponseTypes = ["ReportBatchItemFailures"] });
        await _harness.Function.NextCallAsync();
        var retry = await _harness.Function.NextCallAsync();

        Assert.Equal(sequences, retry.SequenceNumbers);
    }

    [Fact]
    public async Task The_batching_window_gathers_records_until_the_batch_is_full_or_the_window_ends()
    {
        _harness.Start(StreamHarness.Mapping(_stream) with { BatchSize = 4, MaximumBatchingWindowInSeconds = 5 });
        await WaitForCheckpointRowAsync();
        PutMany(3, "a");
        _harness.Time.Advance(TimeSpan.FromSeconds(4));
        PutMany(1, "b");

        var full = await _harness.Function.NextCallAsync();
        PutMany(1, "c");
        var windowed = await AdvanceUntilAsync(_harness.Function.NextCallAsync(), TimeSpan.FromSeconds(5));

        Assert.Equal(["a1", "a2", "a3", "b1"], full.Data);
        Assert.Equal(["c1"], windowed.Data);
    }

    [Fact]
    public async Task Filtered_out_records_are_checkpointed_past_without_an_invocation()
    {
        var kept = _harness.Streams.Put(_stream, Shard0, "k", """{"type":"order","id":1}""");
        _harness.Streams.Put(_stream, Shard0, "k", """{"type":"refund","id":2}""");
        _harness.Streams.Put(_stream, Shard0, "k", "not json");
        var last = _harness.Streams.Put(_stream, Shard0, "k", """{"type":"refund","id":3}""");

        _harness.Start(StreamHarness.Mapping(_stream) with { FilterPatterns = ["""{"data":{"type":["order"]}}"""] });
        var call = await _harness.Function.NextCallAsync();
        await WaitForCheckpointAsync(last);
        await _harness.StopAsync();

        Assert.Equal([kept], call.SequenceNumbers);
        Assert.Equal([call], _harness.Function.All);
    }

    [Fact]
    public async Task A_changed_mappings_new_worker_waits_for_the_old_one_to_finish_its_batch()
    {
        var first = PutMany(1, "a")[0];
        var release = new TaskCompletionSource();
        _harness.Function.Gate = _ => release.Task;
        var mapping = StreamHarness.Mapping(_stream);
        var old = _harness.Factory.Create(_harness.Factory.Validate(mapping));
        using var stopOld = new CancellationTokenSource();
        var oldRun = Task.Run(() => old.RunAsync(stopOld.Token));
        await _harness.Function.NextCallAsync();

        // The supervisor stops the old worker and starts the new one at once.
        await stopOld.CancelAsync();
        var changed = _harness.Factory.Create(_harness.Factory.Validate(mapping with { BatchSize = 50 }));
        using var stopNew = new CancellationTokenSource();
        var newRun = Task.Run(() => changed.RunAsync(stopNew.Token));
        _harness.Function.Gate = null;
        var second = PutMany(1, "b")[0];
        release.SetResult();
        await oldRun.WaitAsync(TimeSpan.FromSeconds(20));
        var next = await _harness.Function.NextCallAsync();
        await stopNew.CancelAsync();
        await newRun.WaitAsync(TimeSpan.FromSeconds(20));

        // The old worker's batch was checkpointed before the new worker read: nothing ran twice.
        Assert.Equal([second], next.SequenceNumbers);
        Assert.Equal(2, _harness.Function.All.Count);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Status_reports_the_iterator_age_of_the_last_batch()
    {
        PutMany(1);
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        _harness.Start(StreamHarness.Mapping(_stream));
        await _harness.Function.NextCallAsync();
        await _harness.StopAsync();

        Assert.Equal(2000, _harness.Worker!.Status.IteratorAgeMs);
    }

    private async Task<StreamInvocation> NextCallWithAsync(string data)
    {
        while (true)
        {
            var call = await _harness.Function.NextCallAsync();
            if (call.Data.Contains(data))
                return call;
        }
    }

    /// <summary>The worker has stored its starting positions (its first look at the stream is done).</summary>
    private async Task WaitForCheckpointRowAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var uuid = StreamHarness.Mapping(_stream).Uuid;
        while (true)
        {
            var version = _harness.Checkpoints.Changed.Version;
            if (_harness.Checkpoints.Read(uuid).Count > 0)
                return;
            await _harness.Checkpoints.Changed.WaitAsync(version, Timeout.InfiniteTimeSpan, TimeProvider.System, timeout.Token);
        }
    }

    private async Task WaitForCheckpointAsync(string sequenceNumber)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var version = _harness.Checkpoints.Changed.Version;
            if (Checkpoint() == sequenceNumber)
                return;
            await _harness.Checkpoints.Changed.WaitAsync(version, Timeout.InfiniteTimeSpan, TimeProvider.System, timeout.Token);
        }
    }

    /// <summary>Moves the manual clock on in steps until <paramref name="task"/> completes: a timer
    /// armed just after a step fires on the next one.</summary>
    private async Task<T> AdvanceUntilAsync<T>(Task<T> task, TimeSpan step)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!task.IsCompleted)
        {
            _harness.Time.Advance(step);
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, timeout.Token));
        }

        return await task;
    }

    private static (string, string) KeysInDifferentLanes(int lanes)
    {
        var first = "key-0";
        var lane = LaneAssignment.LaneOf(first, lanes);
        var second = Enumerable.Range(1, 100).Select(i => $"key-{i}").First(k => LaneAssignment.LaneOf(k, lanes) != lane);
        return (first, second);
    }
}
