using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Failures;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.Async;

/// <summary>
/// Lambda's async invoker for one function: receives events from the function's async queue while
/// it has free concurrency, invokes each independently, and applies <see cref="AsyncRetryPolicy"/>.
/// A message is deleted only after success, after its destination record is durably sent, or when
/// it is deliberately discarded; anything else (a crash, a shutdown) leaves it to reappear after its
/// visibility timeout.
/// </summary>
public sealed partial class AsyncInvocationPoller : IPoller
{
    private const int MaxReceiveBatch = 10;
    private const int MaxRememberedFailures = 10_000;

    private readonly AsyncInvocationQueue _queue;
    private readonly IInvocationDispatcher _invoker;
    private readonly TimeProvider _time;
    private readonly TriggerOptions _options;
    private readonly ILogger<AsyncInvocationPoller> _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();

    // The last failure of events waiting for a retry, so a destination record written when such an
    // event ages out can still say why it failed. Lost on restart (then the record omits it).
    private readonly ConcurrentDictionary<string, FunctionInvoked> _lastFailures = new(StringComparer.Ordinal);

    private volatile FunctionDefinition _definition;
    private int _inFlight;
    private TaskCompletionSource? _slotFreed;
    private TaskCompletionSource? _idle;

    public AsyncInvocationPoller(FunctionDefinition definition, AsyncInvocationQueue queue, IInvocationDispatcher invoker,
        TimeProvider time, TriggerOptions options, ILogger<AsyncInvocationPoller> logger)
    {
        _definition = definition;
        _queue = queue;
        _invoker = invoker;
        _time = time;
        _options = options;
        _logger = logger;
        QueueName = AsyncInvocationQueue.QueueName(definition.Name);
    }

    public string Name => "async:" + FunctionName;

    public string FunctionName => _definition.Name;

    public string QueueName { get; }

    public FunctionDefinition Definition => _definition;

    /// <summary>Invocations running now (plus slots held by a receive in progress).</summary>
    public int InFlight
    {
        get { lock (_gate) return _inFlight; }
    }

    /// <summary>A changed definition (timeout, concurrency, retry rules) applies from the next event.</summary>
    public void Update(FunctionDefinition definition)
    {
        if (definition.Name != _definition.Name)
            throw new ArgumentException("A poller serves one function.", nameof(definition));
        _definition = definition;
        WakeSlotWaiters();
    }

    public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
    {
        var slots = await AcquireSlotsAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ReceivedMessage> messages;
        try
        {
            var definition = _definition;
            messages = await _queue.Engine.ReceiveMessagesAsync(QueueName, new ReceiveRequest
            {
                MaxNumberOfMessages = slots,
                // Longer than the invocation can take, so an event reappears only if its
                // invocation's outcome was never recorded (the process died).
                VisibilityTimeout = definition.Timeout + _options.InvokeTimeoutMargin + _options.AsyncVisibilityMargin,
                WaitTime = _options.AsyncReceiveWaitTime,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ReleaseSlots(slots);
            throw;
        }

        if (messages.Count < slots)
            ReleaseSlots(slots - messages.Count);

        foreach (var message in messages)
            _ = ProcessAsync(message);

        return messages.Count > 0 ? PollResult.DidWork : PollResult.Idle;
    }

    /// <summary>The receive long-polls, so there is nothing else to wait for.</summary>
    public Task WaitForWorkAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Completes when no invocation is running (after the loop stopped receiving).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_inFlight == 0)
                return Task.CompletedTask;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Cancels running invocations (the host's shutdown timeout ran out): their events are
    /// left on the queue and reappear after the visibility timeout.</summary>
    public void Abort() => _abort.Cancel();

    private async Task ProcessAsync(ReceivedMessage message)
    {
        var cancellationToken = _abort.Token;
        var asyncEvent = AsyncInvocationQueue.ToEvent(message);
        try
        {
            await HandleAsync(message, asyncEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogReleased(_logger, FunctionName, asyncEvent.RequestId);
        }
        catch (Exception ex)
        {
            LogHandlingFailed(_logger, FunctionName, asyncEvent.RequestId, ex);
        }
        finally
        {
            ReleaseSlots(1);
        }
    }

    private async Task HandleAsync(ReceivedMessage message, AsyncEvent asyncEvent, CancellationToken cancellationToken)
    {
        var definition = _definition;
        var config = definition.Async;
        var attempt = message.ApproximateReceiveCount;

        var decision = AsyncRetryPolicy.BeforeInvoke(config, attempt, Age(message));
        var invokeCount = attempt - 1;
        _lastFailures.TryGetValue(asyncEvent.RequestId, out var lastFailure);
        if (decision is null)
        {
            var result = await _invoker.InvokeAsync(new InvokeFunction
            {
                RequestId = asyncEvent.RequestId,
                FunctionName = definition.Name,
                Payload = asyncEvent.Payload,
                Trigger = asyncEvent.Trigger,
                Attempt = attempt,
            }, definition.Timeout + _options.InvokeTimeoutMargin, cancellationToken).ConfigureAwait(false);
            invokeCount = attempt;

            if (result.Outcome == InvocationOutcome.Succeeded)
            {
                await _queue.Engine.DeleteMessageAsync(QueueName, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
                _lastFailures.TryRemove(asyncEvent.RequestId, out _);
                return;
            }

            lastFailure = result;
            decision = AsyncRetryPolicy.AfterFailure(config, attempt, Age(message));
        }

        switch (decision)
        {
            case FailureDecision.RetryAfter retry:
                if (lastFailure is not null && _lastFailures.Count < MaxRememberedFailures)
                    _lastFailures[asyncEvent.RequestId] = lastFailure;
                await _queue.Engine.ChangeMessageVisibilityAsync(QueueName, message.ReceiptHandle, retry.Delay, cancellationToken).ConfigureAwait(false);
                LogRetrying(_logger, FunctionName, asyncEvent.RequestId, attempt, retry.Delay.TotalMilliseconds);
                break;

            case FailureDecision.SendToDestination send:
                var queueName = DestinationQueue.ResolveName(send.Destination);
                var record = DestinationRecordBuilder.Build(new DestinationRecord
                {
                    RequestId = asyncEvent.RequestId,
                    FunctionArn = definition.Arn(_options.Region, _options.AccountId) + ":$LATEST",
                    Condition = send.Condition,
                    ApproximateInvokeCount = invokeCount,
                    RequestPayload = asyncEvent.Payload,
                    Timestamp = _time.GetUtcNow(),
                    LastFailure = lastFailure,
                });
                // Durably on the destination first; only then is the event let go.
                await _queue.Engine.SendMessageAsync(queueName, new OutgoingMessage { Body = record }, cancellationToken).ConfigureAwait(false);
                await _queue.Engine.DeleteMessageAsync(QueueName, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
                _lastFailures.TryRemove(asyncEvent.RequestId, out _);
                LogSentToDestination(_logger, FunctionName, asyncEvent.RequestId, send.Condition, invokeCount, queueName);
                break;

            case FailureDecision.Discard discard:
                await _queue.Engine.DeleteMessageAsync(QueueName, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
                _lastFailures.TryRemove(asyncEvent.RequestId, out _);
                LogDiscarded(_logger, FunctionName, asyncEvent.RequestId, discard.Condition, invokeCount);
                break;
        }
    }

    private TimeSpan Age(ReceivedMessage message) => _time.GetUtcNow() - message.SentTimestamp;

    private async Task<int> AcquireSlotsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task freed;
            lock (_gate)
            {
                var free = Math.Max(1, _definition.Concurrency) - _inFlight;
                if (free > 0)
                {
                    var taken = Math.Min(free, MaxReceiveBatch);
                    _inFlight += taken;
                    return taken;
                }

                _slotFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                freed = _slotFreed.Task;
            }

            await freed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void ReleaseSlots(int count)
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            _inFlight -= count;
            if (_inFlight == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
        WakeSlotWaiters();
    }

    private void WakeSlotWaiters()
    {
        TaskCompletionSource? freed;
        lock (_gate)
        {
            freed = _slotFreed;
            _slotFreed = null;
        }

        freed?.TrySetResult();
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "Async event {RequestId} of {Function} failed attempt {Attempt}; retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, string function, string requestId, int attempt, double delayMs);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning,
        Message = "Async event {RequestId} of {Function} given up ({Condition} after {InvokeCount} invocations); destination record sent to {Destination}")]
    private static partial void LogSentToDestination(ILogger logger, string function, string requestId, string condition, int invokeCount, string destination);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning,
        Message = "Async event {RequestId} of {Function} discarded ({Condition} after {InvokeCount} invocations); no on-failure destination is configured")]
    private static partial void LogDiscarded(ILogger logger, string function, string requestId, string condition, int invokeCount);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information,
        Message = "Async event {RequestId} of {Function} released at shutdown; it is retried after its visibility timeout")]
    private static partial void LogReleased(ILogger logger, string function, string requestId);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error,
        Message = "Async event {RequestId} of {Function} could not be settled; it is retried after its visibility timeout")]
    private static partial void LogHandlingFailed(ILogger logger, string function, string requestId, Exception exception);
}
