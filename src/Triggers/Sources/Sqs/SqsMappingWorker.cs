using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Failures;
using Platform.Triggers.Mappings;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>
/// Lambda's SQS poller for one mapping: long-polls the queue (a send wakes it at once), gathers a
/// batch by BatchSize, batching window and the 6 MB payload limit (<see cref="BatchAssembler"/>),
/// drops what the filters reject, invokes the function with up to MaximumConcurrency batches at a
/// time, and deletes what <see cref="BatchResponseEvaluator"/> says succeeded. Nothing else is
/// deleted: a failed message reappears after the queue's visibility timeout, and the queue's
/// RedrivePolicy moves it to the dead-letter queue on the receive that passes maxReceiveCount.
/// </summary>
public sealed partial class SqsMappingWorker : ISourceWorker, IPoller, IPendingWork
{
    private readonly IQueuePort _queues;
    private readonly IFunctionCatalog _catalog;
    private readonly IInvocationDispatcher _invoker;
    private readonly TriggerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SqsMappingWorker> _logger;
    private readonly PollingLoop _loop;
    private readonly BatchAssembler _assembler;
    private readonly SqsRecordFilter? _filter;
    private readonly FailureExecutor _failures;
    private readonly ConcurrencySlots _slots = new();
    private readonly Lock _gate = new();
    private readonly WorkInProgress _work;

    private long _catalogVersion;
    private volatile string? _missingFunction;
    private string? _lastQueue;
    private DateTimeOffset? _lastProcessedAt;
    private string? _lastBatchError;

    public SqsMappingWorker(EventSourceMapping mapping, IQueuePort queues, IFunctionCatalog catalog, IInvocationDispatcher invoker,
        TriggerOptions options, TimeProvider time, ILoggerFactory loggerFactory, TriggerActivity? activity = null)
    {
        _work = (activity ?? TriggerActivity.Untracked).Track();
        Mapping = mapping;
        _queues = queues;
        _catalog = catalog;
        _invoker = invoker;
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger<SqsMappingWorker>();
        _failures = new FailureExecutor(queues);
        _assembler = new BatchAssembler(mapping.BatchSize ?? SqsMappingRules.DefaultBatchSize,
            TimeSpan.FromSeconds(mapping.MaximumBatchingWindowInSeconds ?? 0));
        _filter = mapping.FilterPatterns.Count > 0 ? new SqsRecordFilter(mapping.FilterPatterns) : null;
        _loop = new PollingLoop(this, time, options, loggerFactory.CreateLogger<PollingLoop>());
    }

    public EventSourceMapping Mapping { get; }

    /// <summary>Fires after each receive that returned messages.</summary>
    public Emulators.State.ChangeSignal Received { get; } = new();

    /// <summary>Fires after each batch is settled (deleted, kept or dropped by the filters).</summary>
    public Emulators.State.ChangeSignal Settled { get; } = new();

    public string Name => $"sqs:{QueueNameOf(Mapping.EventSourceArn)}:{Mapping.FunctionName}";

    /// <summary>Batches being invoked now (plus the one being gathered).</summary>
    public int InFlight => _slots.InUse;

    public MappingStatus Status
    {
        get
        {
            var loop = _loop.Status;
            lock (_gate)
            {
                return new MappingStatus
                {
                    Healthy = loop.Healthy && _missingFunction is null,
                    LastError = _missingFunction ?? loop.LastError ?? _lastBatchError,
                    LastProcessedAt = _lastProcessedAt,
                    InFlightBatches = _slots.InUse,
                };
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _loop.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Received but never invoked: visible again now rather than after the visibility timeout.
            await ReleasePendingAsync().ConfigureAwait(false);
            await WhenIdleAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
    {
        _catalogVersion = _catalog.Changed.Version;
        var function = _catalog.Functions.LastOrDefault(f => string.Equals(f.Name, Mapping.FunctionName, StringComparison.Ordinal));
        if (function is null)
        {
            // Messages wait on the queue until the function exists again.
            _missingFunction = $"Function not found: {Mapping.FunctionName}";
            return PollResult.Idle;
        }

        _missingFunction = null;
        var queue = _queues.ResolveQueueName(Mapping.EventSourceArn);
        var (fifo, _) = _queues.GetReceiveSettings(queue);
        _lastQueue = queue;

        var concurrency = InvocationLimits.Concurrency(function, Mapping.MaximumConcurrency);
        await _slots.AcquireAsync(() => concurrency, 1, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SqsRecord> batch;
        try
        {
            batch = await GatherAsync(queue, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }

        if (batch.Count == 0)
        {
            _slots.Release();
            return PollResult.Idle;
        }

        _ = ProcessAsync(batch, function, queue, fifo);
        return PollResult.DidWork;
    }

    /// <summary>The receive long-polls; only a missing function has something else to wait for.</summary>
    public Task WaitForWorkAsync(CancellationToken cancellationToken) =>
        _missingFunction is null
            ? Task.CompletedTask
            : _catalog.Changed.WaitAsync(_catalogVersion, Timeout.InfiniteTimeSpan, _time, cancellationToken);

    /// <summary>Completes when no batch is running.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => _slots.WhenIdleAsync(cancellationToken);

    private async Task<IReadOnlyList<SqsRecord>> GatherAsync(string queue, CancellationToken cancellationToken)
    {
        while (!_assembler.IsReady(_time.GetUtcNow()))
        {
            var window = _assembler.RemainingWindow(_time.GetUtcNow());
            var received = await _queues.ReceiveMessagesAsync(queue, new ReceiveRequest
            {
                MaxNumberOfMessages = _assembler.Room,
                WaitTime = window ?? _options.QueueReceiveWaitTime,
                OnReceived = _work.Add,
            }, cancellationToken).ConfigureAwait(false);
            if (received.Count == 0 && window is null)
                return [];

            var now = _time.GetUtcNow();
            foreach (var message in received)
                _assembler.Add(SqsEventBuilder.Record(message, Mapping.EventSourceArn, _options.Region), now);
            if (received.Count > 0)
                Received.Notify();
        }

        return _assembler.Take(_time.GetUtcNow());
    }

    private async Task ProcessAsync(IReadOnlyList<SqsRecord> batch, FunctionDefinition function, string queue, bool fifo)
    {
        try
        {
            var records = batch;
            if (_filter is not null)
            {
                var (matching, rejected) = _filter.Split(batch);
                // Lambda deletes what its filters drop: the function never sees those messages.
                if (rejected.Count > 0)
                    await _failures.ApplyAsync(SqsFailurePolicy.ForFilteredOut(), new MessagesTarget(_queues, queue, rejected),
                        CancellationToken.None).ConfigureAwait(false);
                records = matching;
            }

            if (records.Count > 0)
                await InvokeAsync(records, function, queue, fifo).ConfigureAwait(false);
            lock (_gate)
                _lastProcessedAt = _time.GetUtcNow();
        }
        catch (Exception ex)
        {
            // Nothing was deleted that should not have been: the messages reappear after their visibility timeout.
            lock (_gate)
                _lastBatchError = ex.Message;
            LogBatchFailed(_logger, Name, ex);
        }
        finally
        {
            _slots.Release();
            _work.Done(batch.Count);
            Settled.Notify();
        }
    }

    private async Task InvokeAsync(IReadOnlyList<SqsRecord> records, FunctionDefinition function, string queue, bool fifo)
    {
        var requestId = Guid.NewGuid().ToString();
        using var span = TriggersTelemetry.StartBatchSpan("sqs " + queue + " → " + function.Name, records.Select(r => r.Message.TraceHeader));
        var result = await _invoker.InvokeAsync(new InvokeFunction
        {
            RequestId = requestId,
            FunctionName = function.Name,
            Payload = SqsEventBuilder.Build(records),
            Trigger = "sqs:" + queue,
            Attempt = records.Max(r => r.Message.ApproximateReceiveCount),
        }, InvocationLimits.DispatchTimeout(function, _options), CancellationToken.None).ConfigureAwait(false);

        var verdict = BatchResponseEvaluator.Evaluate(result, Mapping.ReportsBatchItemFailures, records, fifo);
        var stale = await BatchSettlement.SettleAsync(_failures, _queues, queue, records, verdict, CancellationToken.None).ConfigureAwait(false);
        lock (_gate)
            _lastBatchError = verdict.Reason;
        if (!verdict.AllSucceeded)
            LogBatchKept(_logger, Name, requestId, verdict.Failed.Count, records.Count, verdict.Reason);
        if (stale > 0)
            LogStaleHandles(_logger, Name, requestId, stale);
    }

    private async Task ReleasePendingAsync()
    {
        var pending = _assembler.TakeAll();
        _work.Done(pending.Count);
        if (pending.Count == 0 || _lastQueue is not { } queue)
            return;
        try
        {
            await _queues.ChangeMessagesVisibilityAsync(queue, pending.Select(r => r.ReceiptHandle).ToList(), TimeSpan.Zero,
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // They reappear after their visibility timeout instead.
            LogReleaseFailed(_logger, Name, pending.Count, ex);
        }
    }

    /// <summary>Caught up: nothing received and unsettled, and nothing visible on the queue (while the
    /// function is missing, messages wait there by design).</summary>
    public string? PendingWork()
    {
        if (_work.Count > 0)
            return $"{Name}: {_work.Count} message(s) received and not yet settled";
        if (_missingFunction is not null || _lastQueue is not { } queue)
            return _lastQueue is null && _missingFunction is null ? $"{Name}: starting" : null;
        try
        {
            return _queues.HasVisibleMessages(queue) ? $"{Name}: messages waiting on the queue" : null;
        }
        catch (QueueException)
        {
            return null;
        }
    }

    private static string QueueNameOf(string arn) => arn[(arn.LastIndexOf(':') + 1)..];

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning,
        Message = "Mapping {Mapping}: {Failed} of {Count} messages of batch {RequestId} kept on the queue ({Reason}); they reappear after the visibility timeout")]
    private static partial void LogBatchKept(ILogger logger, string mapping, string requestId, int failed, int count, string? reason);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning,
        Message = "Mapping {Mapping}: {Stale} messages of batch {RequestId} were received again before it finished (the visibility timeout is shorter than the invocation took); they run again")]
    private static partial void LogStaleHandles(ILogger logger, string mapping, string requestId, int stale);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error,
        Message = "Mapping {Mapping}: a batch could not be settled; its messages reappear after the visibility timeout")]
    private static partial void LogBatchFailed(ILogger logger, string mapping, Exception exception);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning,
        Message = "Mapping {Mapping}: {Count} gathered messages could not be released at stop; they reappear after the visibility timeout")]
    private static partial void LogReleaseFailed(ILogger logger, string mapping, int count, Exception exception);
}
