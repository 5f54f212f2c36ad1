using System.Text;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;
using Platform.Emulators.State;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Failures;
using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Feeds one shard to the function: a reader follows the shard from the checkpoint (woken by the
/// stream's change signal, never by a poll interval) and hands each record to one of
/// ParallelizationFactor lanes by partition key; each lane gathers batches (BatchSize, the
/// batching window, 6 MB) and sees each batch through to an outcome — success, retries, bisection
/// or the on-failure destination — before taking the next, so order per partition key holds and a
/// failing batch blocks its lane. The checkpoint advances only past records every lane finished
/// and is durable before the shard is reported ended.
/// </summary>
internal sealed partial class ShardProcessor
{
    private readonly EventSourceMapping _mapping;
    private readonly KinesisWorkerServices _services;
    private readonly KinesisEventSource _source;
    private readonly StreamRetrySettings _settings;
    private readonly StreamMappingStatusBoard _status;
    private readonly ShardInfo _shard;
    private readonly Func<StreamRecord, bool>? _filter;
    private readonly ILogger _logger;
    private readonly FailureExecutor _failures;
    private readonly Lock _gate = new();
    private readonly CheckpointTracker _tracker;
    private readonly Lane[] _lanes;
    private readonly ChangeSignal _capacity = new();
    private readonly SemaphoreSlim _saveGate = new(1, 1);
    private readonly int _batchSize;
    private readonly TimeSpan _window;
    private readonly TimeSpan _tumbling;
    private readonly int _maxOutstanding;
    private string? _saved;
    private bool _readerDone;
    private bool _readerStalled;
    // The stream's change version the reader waits past, -1 while it reads: the idle check.
    private long _readerWaitingAt = -1;
    private ChangeSignal? _streamChanges;

    public ShardProcessor(EventSourceMapping mapping, KinesisWorkerServices services, KinesisEventSource source, StreamMappingStatusBoard status,
        ShardInfo shard, string? position, Func<StreamRecord, bool>? filter, ILogger logger)
    {
        _mapping = mapping;
        _services = services;
        _source = source;
        _settings = StreamRetrySettings.Of(mapping);
        _status = status;
        _shard = shard;
        _filter = filter;
        _logger = logger;
        _failures = services.Failures;
        _tracker = new CheckpointTracker(position);
        _saved = position;
        _batchSize = mapping.BatchSize ?? KinesisMappingRules.DefaultBatchSize;
        _window = TimeSpan.FromSeconds(mapping.MaximumBatchingWindowInSeconds ?? 0);
        _tumbling = TimeSpan.FromSeconds(mapping.TumblingWindowInSeconds ?? 0);
        var lanes = Math.Max(1, mapping.ParallelizationFactor ?? 1);
        _lanes = [.. Enumerable.Range(0, lanes).Select(index => new Lane(index))];
        RestoreWindows();
        // Enough read ahead for every lane to fill a batch while one more waits; bounded so a lane
        // blocked on a failing batch does not make the reader buffer the whole shard.
        _maxOutstanding = _batchSize * (lanes + 1);
    }

    public string ShardId => _shard.ShardId;

    /// <summary>Runs until the shard is fully processed (true: its children may start) or
    /// <paramref name="stop"/> fires (false). After stop, invocations in flight finish unless
    /// <paramref name="abort"/> fires too; failed batches are not retried after stop.</summary>
    public async Task<bool> RunAsync(CancellationToken stop, CancellationToken abort)
    {
        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var abortAll = CancellationTokenSource.CreateLinkedTokenSource(abort);

        async Task Guard(Func<Task> run)
        {
            try
            {
                await run().ConfigureAwait(false);
            }
            catch
            {
                // One part failing stops the shard: the worker restarts it from the durable checkpoint.
                await stopAll.CancelAsync().ConfigureAwait(false);
                await abortAll.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        var parts = new List<Task> { Guard(() => ReadAsync(stopAll.Token)) };
        parts.AddRange(_lanes.Select(lane => Guard(() => LaneAsync(lane, stopAll.Token, abortAll.Token))));
        await Task.WhenAll(parts).ConfigureAwait(false);

        bool ended;
        lock (_gate)
            ended = _readerDone && _tracker.Outstanding == 0 && !stopAll.IsCancellationRequested;
        if (!ended)
            return false;

        await SaveAsync(ended: true).ConfigureAwait(false);
        LogShardEnded(_logger, _mapping.Uuid, ShardId);
        return true;
    }

    private async Task ReadAsync(CancellationToken stop)
    {
        var changes = _services.Streams.Changes(_source.StreamArn);
        _streamChanges = changes;
        string? position;
        lock (_gate)
            position = _tracker.Position;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                int room;
                long capacityVersion;
                lock (_gate)
                {
                    capacityVersion = _capacity.Version;
                    room = _maxOutstanding - _tracker.Outstanding;
                    _readerStalled = room <= 0;
                }

                if (room <= 0)
                {
                    NotifyLanes();
                    await _capacity.WaitAsync(capacityVersion, Timeout.InfiniteTimeSpan, _services.Time, stop).ConfigureAwait(false);
                    continue;
                }

                var version = changes.Version;
                var read = _services.Streams.Read(_source.StreamArn, ShardId, position, Math.Min(room, KinesisMappingRules.MaxBatchSize));
                if (read.Records.Count > 0)
                {
                    position = read.Records[^1].SequenceNumber;
                    await DispatchAsync(read.Records).ConfigureAwait(false);
                    continue;
                }

                if (read.ShardEnded)
                {
                    lock (_gate)
                        _readerDone = true;
                    NotifyLanes();
                    return;
                }

                Interlocked.Exchange(ref _readerWaitingAt, version);
                try
                {
                    await changes.WaitAsync(version, Timeout.InfiniteTimeSpan, _services.Time, stop).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Exchange(ref _readerWaitingAt, -1);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Caught up: every record read is checkpointed (none in a lane, a window, an
    /// invocation or a retry) and the reader waits on a stream that has not changed since it looked.</summary>
    public string? PendingWork()
    {
        lock (_gate)
        {
            if (_tracker.Outstanding > 0)
                return $"{ShardId}: {_tracker.Outstanding} record(s) in progress";
            if (_readerDone)
                return null;
        }

        var waitingAt = Interlocked.Read(ref _readerWaitingAt);
        return waitingAt < 0 || _streamChanges?.Version != waitingAt ? $"{ShardId}: reading" : null;
    }

    private async Task DispatchAsync(IReadOnlyList<StreamRecord> records)
    {
        List<StreamRecord>? filteredOut = null;
        lock (_gate)
        {
            foreach (var record in records)
            {
                _tracker.Add(record.SequenceNumber);
                if (_filter is not null && !_filter(record))
                {
                    (filteredOut ??= []).Add(record);
                    continue;
                }

                var lane = _lanes[LaneAssignment.LaneOf(record.PartitionKey, _lanes.Length)];
                lane.Waiting.Enqueue(record);
                lane.WaitingBytes += _source.Shape.EstimatedSize(record);
            }
        }

        NotifyLanes();
        // Records no filter matches are done without an invocation: the checkpoint moves past them.
        if (filteredOut is not null)
            await _failures.ApplyAsync(new FailureOutcome.CheckpointAndSkip(), new SkippedTarget(this, filteredOut), CancellationToken.None)
                .ConfigureAwait(false);
    }

    private async Task LaneAsync(Lane lane, CancellationToken stop, CancellationToken abort)
    {
        while (await TakeBatchAsync(lane, stop, abort).ConfigureAwait(false) is { } batch)
            await ProcessBatchAsync(lane, batch, stop, abort).ConfigureAwait(false);
    }

    private async Task<List<StreamRecord>?> TakeBatchAsync(Lane lane, CancellationToken stop, CancellationToken abort)
    {
        while (!stop.IsCancellationRequested)
        {
            long version;
            TimeSpan wait;
            DateTimeOffset? deadline = null;
            var closeWindow = false;
            lock (_gate)
            {
                version = lane.Signal.Version;
                var now = _services.Time.GetUtcNow();
                if (lane.Waiting.Count > 0)
                {
                    // The window runs from the first waiting record's arrival: records read from a
                    // backlog go out at once, fresh ones are gathered for up to the window.
                    var first = lane.Waiting.Peek().ApproximateArrivalTimestamp;
                    var windowEnds = first + _window;
                    if (Windowed)
                    {
                        // A lane's open tumbling window closes before a record of a later one is sent,
                        // and no batch is held past the end of its tumbling window.
                        closeWindow = lane.Window is { } open && !open.Contains(first);
                        var tumblingEnds = TumblingWindow.StartOf(first, _tumbling) + _tumbling;
                        windowEnds = windowEnds < tumblingEnds ? windowEnds : tumblingEnds;
                    }

                    if (closeWindow)
                    {
                        wait = TimeSpan.Zero;
                    }
                    else if (_window <= TimeSpan.Zero || now >= windowEnds || _readerDone || _readerStalled ||
                        BatchAssembler.IsFull(lane.Waiting.Count, lane.WaitingBytes, _batchSize))
                    {
                        return Take(lane);
                    }
                    else
                    {
                        wait = windowEnds - now;
                        deadline = windowEnds;
                    }
                }
                else if (Windowed && lane.Window is { } open)
                {
                    // Nothing waiting: the final invocation is due once the window has ended (or
                    // the shard has, which ends its windows).
                    closeWindow = now >= open.End || _readerDone;
                    wait = open.End - now;
                    deadline = open.End;
                }
                else if (_readerDone)
                {
                    return null;
                }
                else
                {
                    wait = Timeout.InfiniteTimeSpan;
                }
            }

            if (closeWindow)
            {
                await CloseWindowAsync(lane, terminatedEarly: false, stop, abort).ConfigureAwait(false);
                continue;
            }

            try
            {
                await WaitUntilAsync(lane.Signal.WaitAsync(version, wait, _services.Time, stop), deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Awaits a timed wait unless its deadline has already passed: the clock may have
    /// moved between computing the timeout and arming its timer, which would then fire late.</summary>
    private async Task WaitUntilAsync(Task timed, DateTimeOffset? deadline)
    {
        if (deadline is { } due && !timed.IsCompleted && _services.Time.GetUtcNow() >= due)
            return;
        await timed.ConfigureAwait(false);
    }

    private List<StreamRecord> Take(Lane lane)
    {
        var count = BatchAssembler.Take(lane.Waiting, _batchSize);
        if (Windowed)
            count = OpenWindowFor(lane, count);
        var batch = new List<StreamRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var record = lane.Waiting.Dequeue();
            lane.WaitingBytes -= _source.Shape.EstimatedSize(record);
            batch.Add(record);
        }

        return batch;
    }

    private async Task ProcessBatchAsync(Lane lane, List<StreamRecord> batch, CancellationToken stop, CancellationToken abort)
    {
        var run = new BatchRun(stop);
        run.Work.Push(new Segment([.. batch], Retries: 0, Invocations: 0, LastFailure: null));
        while (run.Work.TryPop(out var segment))
        {
            var expired = StreamRetryPolicy.ExpiredCount(_settings, segment.Records, _services.Time.GetUtcNow());
            if (expired > 0)
            {
                await SettleAsync(StreamRetryPolicy.Expired(_settings), segment with { Records = segment.Records[..expired] }, run, abort)
                    .ConfigureAwait(false);
                if (expired == segment.Records.Length)
                    continue;
                segment = segment with { Records = segment.Records[expired..] };
            }

            // After stop, a batch that has not started its next attempt is left to the checkpoint.
            if (stop.IsCancellationRequested)
                return;

            var (outcome, result, state) = await InvokeAsync(lane, segment, abort).ConfigureAwait(false);
            segment = segment with { Invocations = segment.Invocations + 1, LastFailure = outcome };
            if (state is not null)
                await KeepStateAsync(lane, state, stop, abort).ConfigureAwait(false);
            switch (result)
            {
                case BatchResult.Succeeded:
                    run.ConsecutiveFailures = 0;
                    await CompleteAsync(segment.Records, countsAsProcessed: true).ConfigureAwait(false);
                    continue;

                case BatchResult.PartiallyFailed partial:
                    await CompleteAsync(segment.Records[..partial.FirstFailedIndex], countsAsProcessed: true).ConfigureAwait(false);
                    segment = segment with { Records = segment.Records[partial.FirstFailedIndex..] };
                    LogBatchFailed(_logger, _mapping.Uuid, ShardId, segment.Records[0].SequenceNumber, segment.Records.Length, "partial batch failure");
                    break;

                case BatchResult.Failed failed:
                    LogBatchFailed(_logger, _mapping.Uuid, ShardId, segment.Records[0].SequenceNumber, segment.Records.Length, failed.Reason);
                    break;
            }

            var decision = StreamRetryPolicy.AfterFailure(_settings, segment.Retries, segment.Records.Length,
                functionError: result is BatchResult.Failed { FunctionError: true });
            try
            {
                await SettleAsync(decision, segment, run, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (decision is FailureOutcome.RetryNow && stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Carries out a failure outcome for a segment of a lane's batch, and logs a give-up.</summary>
    private async Task SettleAsync(FailureOutcome outcome, Segment segment, BatchRun run, CancellationToken abort)
    {
        await _failures.ApplyAsync(outcome, new SegmentTarget(this, segment, run), abort).ConfigureAwait(false);
        if (outcome is FailureOutcome.SendToDestination send)
            LogGivenUp(_logger, _mapping.Uuid, ShardId, segment.Records.Length, send.Condition, send.Destination);
        else if (outcome is FailureOutcome.Discard discard)
            LogDiscarded(_logger, _mapping.Uuid, ShardId, segment.Records.Length, discard.Condition);
    }

    private async Task<(FunctionInvoked Outcome, BatchResult Result, string? State)> InvokeAsync(Lane lane, Segment segment, CancellationToken abort)
    {
        var records = _source.Shape.Build(segment.Records, _source, ShardId);
        var outcome = await InvokeAsync(lane.Window is { } window ? WindowedPayload(records, window, final: false, terminatedEarly: false) : records,
            segment.Retries + 1, abort).ConfigureAwait(false);
        if (Windowed)
        {
            var (result, state) = WindowResponseReader.Read(outcome, segment.Records, _mapping.ReportsBatchItemFailures);
            return (outcome, result, state);
        }

        return (outcome, BatchItemFailuresReader.Read(outcome, segment.Records, _mapping.ReportsBatchItemFailures), null);
    }

    private async Task<FunctionInvoked> InvokeAsync(byte[] payload, int attempt, CancellationToken abort)
    {
        var definition = _services.Functions.Functions.FirstOrDefault(f => f.Name == _mapping.FunctionName)
            ?? throw new InvalidOperationException($"Function not found: {_mapping.FunctionName}");
        _status.BatchStarted();
        FunctionInvoked outcome;
        try
        {
            outcome = await _services.Invoker.InvokeAsync(new InvokeFunction
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionName = definition.Name,
                Payload = Encoding.UTF8.GetString(payload),
                Trigger = _source.Shape.TriggerName(_source),
                Attempt = attempt,
            }, InvocationLimits.DispatchTimeout(definition, _services.Options), abort).ConfigureAwait(false);
        }
        finally
        {
            _status.BatchEnded();
        }

        return outcome;
    }

    private DestinationRecord FailureRecord(Segment segment, string condition) => new()
    {
        RequestId = segment.LastFailure?.RequestId ?? Guid.NewGuid().ToString(),
        FunctionArn = Contracts.Functions.FunctionDefinition.ArnOf(_source.Region, AccountOf(_source.StreamArn), _mapping.FunctionName),
        Condition = condition,
        ApproximateInvokeCount = segment.Invocations,
        Timestamp = _services.Time.GetUtcNow(),
        Batch = new StreamBatchInfo(_source.Shape.BatchInfoName, ShardId, segment.Records[0].SequenceNumber, segment.Records[^1].SequenceNumber,
            segment.Records[0].ApproximateArrivalTimestamp, segment.Records[^1].ApproximateArrivalTimestamp, segment.Records.Length,
            _source.StreamArn),
        LastFailure = segment.LastFailure,
        MappingUuid = _mapping.Uuid,
        InvocationPayload = () => Encoding.UTF8.GetString(_source.Shape.Build(segment.Records, _source, ShardId)),
    };

    private async Task CompleteAsync(IReadOnlyList<StreamRecord> records, bool countsAsProcessed)
    {
        if (records.Count == 0)
            return;
        bool moved;
        lock (_gate)
        {
            moved = _tracker.Complete(records.Select(r => r.SequenceNumber));
            _readerStalled = false;
        }

        _capacity.Notify();
        _services.Tracking.Settled.Notify();
        if (countsAsProcessed)
            _status.Processed(_services.Time.GetUtcNow(), records[^1].ApproximateArrivalTimestamp);
        if (moved)
            await SaveAsync(ended: false).ConfigureAwait(false);
    }

    private async Task SaveAsync(bool ended)
    {
        // Lanes finish in any order: one save at a time, each writing the newest position, so an
        // older position never overwrites a newer one.
        await _saveGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            string? position;
            lock (_gate)
                position = _tracker.Position;
            if (!ended && position == _saved)
                return;
            await _services.Checkpoints.SaveAsync(_mapping.Uuid, new ShardCheckpoint(ShardId, position, ended), CancellationToken.None).ConfigureAwait(false);
            _saved = position;
            _status.Position(ShardId, position);
        }
        finally
        {
            _saveGate.Release();
        }
    }

    private void NotifyLanes()
    {
        foreach (var lane in _lanes)
            lane.Signal.Notify();
    }

    private static string AccountOf(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 ? parts[4] : "000000000000";
    }

    private sealed class Lane(int index)
    {
        public int Index { get; } = index;

        /// <summary>The lane's open tumbling window, when the mapping has one.</summary>
        public TumblingWindow? Window { get; set; }

        public Queue<StreamRecord> Waiting { get; } = new();
        public long WaitingBytes { get; set; }
        public ChangeSignal Signal { get; } = new();
    }

    /// <summary>The segments of one lane batch still to be seen through, in order, and how many
    /// attempts in a row failed (spacing out retries).</summary>
    private sealed class BatchRun(CancellationToken stop)
    {
        public Stack<Segment> Work { get; } = new();
        public int ConsecutiveFailures { get; set; }
        public CancellationToken Stop => stop;
    }

    /// <summary>A failed segment as the failure executor settles it: acknowledging checkpoints past
    /// its records; retrying and bisecting push it back on the batch's work.</summary>
    private sealed class SegmentTarget(ShardProcessor owner, Segment segment, BatchRun run) : IFailureTarget
    {
        public Task AcknowledgeAsync(CancellationToken cancellationToken) => owner.CompleteAsync(segment.Records, countsAsProcessed: true);

        public DestinationRecord DestinationRecord(string condition) => owner.FailureRecord(segment, condition);

        public async Task RetryNowAsync(CancellationToken cancellationToken)
        {
            run.ConsecutiveFailures++;
            var delay = StreamRetryPolicy.RetryDelay(run.ConsecutiveFailures);
            if (delay > TimeSpan.Zero)
            {
                var due = owner._services.Time.GetUtcNow() + delay;
                await owner.WaitUntilAsync(Task.Delay(delay, owner._services.Time, run.Stop), due).ConfigureAwait(false);
            }
            else
            {
                await Task.Yield();
            }

            run.Work.Push(segment with { Retries = segment.Retries + 1 });
        }

        public Task BisectAsync(CancellationToken cancellationToken)
        {
            var half = segment.Records.Length / 2;
            run.Work.Push(segment with { Records = segment.Records[half..] });
            run.Work.Push(segment with { Records = segment.Records[..half] });
            return Task.CompletedTask;
        }
    }

    /// <summary>Records the filters dropped: the checkpoint moves past them, not counted as processed.</summary>
    private sealed class SkippedTarget(ShardProcessor owner, IReadOnlyList<StreamRecord> records) : IFailureTarget
    {
        public Task AcknowledgeAsync(CancellationToken cancellationToken) => owner.CompleteAsync(records, countsAsProcessed: false);
    }

    /// <param name="Retries">Retries spent on these records (bisection spends none).</param>
    /// <param name="Invocations">Invocations that included these records.</param>
    private sealed record Segment(StreamRecord[] Records, int Retries, int Invocations, FunctionInvoked? LastFailure);

    [LoggerMessage(EventId = 420, Level = LogLevel.Warning,
        Message = "Stream mapping {Mapping}: batch of {Count} records from {ShardId} at {SequenceNumber} failed: {Reason}")]
    private static partial void LogBatchFailed(ILogger logger, string mapping, string shardId, string sequenceNumber, int count, string reason);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning,
        Message = "Stream mapping {Mapping}: {Count} records of {ShardId} given up ({Condition}); failure record sent to {Destination}")]
    private static partial void LogGivenUp(ILogger logger, string mapping, string shardId, int count, string condition, string destination);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning,
        Message = "Stream mapping {Mapping}: {Count} records of {ShardId} discarded ({Condition}); no on-failure destination is configured")]
    private static partial void LogDiscarded(ILogger logger, string mapping, string shardId, int count, string condition);

    [LoggerMessage(EventId = 423, Level = LogLevel.Information,
        Message = "Stream mapping {Mapping}: shard {ShardId} fully processed")]
    private static partial void LogShardEnded(ILogger logger, string mapping, string shardId);
}
