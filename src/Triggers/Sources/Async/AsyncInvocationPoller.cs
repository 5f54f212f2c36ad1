using System.Collections.Concurrent;
using System.Diagnostics;
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
public sealed partial class AsyncInvocationPoller : IPoller, IPendingWork
{
    private const int MaxReceiveBatch = 10;
    private const int MaxRememberedFailures = 10_000;

    private readonly AsyncInvocationQueue _queue;
    private readonly IInvocationDispatcher _invoker;
    private readonly TimeProvider _time;
    private readonly TriggerOptions _options;
    private readonly ILogger<AsyncInvocationPoller> _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrencySlots _slots = new();
    private readonly WorkInProgress _work;

    // The last failure of events waiting for a retry, so a destination record written when such an
    // event ages out can still say why it failed. Lost on restart (then the record omits it).
    private readonly ConcurrentDictionary<string, FunctionInvoked> _lastFailures = new(StringComparer.Ordinal);

    private volatile FunctionDefinition _definition;

    public AsyncInvocationPoller(FunctionDefinition definition, AsyncInvocationQueue queue, IInvocationDispatcher invoker,
        TimeProvider time, TriggerOptions options, ILogger<AsyncInvocationPoller> logger, TriggerActivity? activity = null)
    {
        _work = (activity ?? TriggerActivity.Untracked).Track();
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
    public int InFlight => _slots.InUse;

    /// <summary>A changed definition (timeout, concurrency, retry rules) applies from the next event.</summary>
    public void Update(FunctionDefinition definition)
    {
        if (definition.Name != _definition.Name)
            throw new ArgumentException("A poller serves one function.", nameof(definition));
        _definition = definition;
        _slots.WakeWaiters();
    }

    public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
    {
        var slots = await _slots.AcquireAsync(() => InvocationLimits.Concurrency(_definition), MaxReceiveBatch, cancellationToken)
            .ConfigureAwait(false);
        IReadOnlyList<ReceivedMessage> messages;
        try
        {
            var definition = _definition;
            messages = await _queue.ReceiveAsync(FunctionName, new ReceiveRequest
            {
                MaxNumberOfMessages = slots,
                // Longer than the invocation can take, so an event reappears only if its
                // invocation's outcome was never recorded (the process died).
                VisibilityTimeout = InvocationLimits.DispatchTimeout(definition, _options) + _options.AsyncVisibilityMargin,
                WaitTime = _options.AsyncReceiveWaitTime,
                OnReceived = _work.Add,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release(slots);
            throw;
        }

        if (messages.Count < slots)
            _slots.Release(slots - messages.Count);

        foreach (var message in messages)
            _ = ProcessAsync(message);

        return messages.Count > 0 ? PollResult.DidWork : PollResult.Idle;
    }

    /// <summary>The receive long-polls, so there is nothing else to wait for.</summary>
    public Task WaitForWorkAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Completes when no invocation is running (after the loop stopped receiving).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => _slots.WhenIdleAsync(cancellationToken);

    /// <summary>Cancels running invocations (the host's shutdown timeout ran out): their events are
    /// left on the queue and reappear after the visibility timeout.</summary>
    public void Abort() => _abort.Cancel();

    private async Task ProcessAsync(ReceivedMessage message)
    {
        var cancellationToken = _abort.Token;
        var asyncEvent = AsyncInvocationQueue.ToEvent(message);
        // Each attempt is a span of the trace the event was enqueued in (the upload's, the Invoke call's).
        using var span = TriggersTelemetry.StartEventSpan("async " + FunctionName, ActivityKind.Consumer, message.TraceHeader);
        span?.SetTag("faas.invocation_id", asyncEvent.RequestId);
        span?.SetTag("platform.attempt", message.ApproximateReceiveCount);
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
            _slots.Release();
            _work.Done(1);
        }
    }

    public string? PendingWork()
    {
        if (_work.Count > 0)
            return $"{Name}: {_work.Count} event(s) being invoked or settled";
        return _queue.HasWaitingEvents(FunctionName) ? $"{Name}: events waiting to be invoked" : null;
    }

    private async Task HandleAsync(ReceivedMessage message, AsyncEvent asyncEvent, CancellationToken cancellationToken)
    {
        var definition = _definition;
        var config = definition.Async;
        var attempt = message.ApproximateReceiveCount;

        var age = Age(message);
        TriggersTelemetry.AsyncEventAge.Record(age.TotalMilliseconds, new KeyValuePair<string, object?>("function", definition.Name));
        var outcome = AsyncRetryPolicy.BeforeInvoke(config, attempt, age);
        var invokeCount = attempt - 1;
        _lastFailures.TryGetValue(asyncEvent.RequestId, out var lastFailure);
        if (outcome is null)
        {
            var result = await _invoker.InvokeAsync(new InvokeFunction
            {
                RequestId = asyncEvent.RequestId,
                FunctionName = definition.Name,
                Payload = asyncEvent.Payload,
                Trigger = asyncEvent.Trigger,
                Attempt = attempt,
            }, InvocationLimits.DispatchTimeout(definition, _options), cancellationToken).ConfigureAwait(false);
            invokeCount = attempt;

            if (result.Outcome == InvocationOutcome.Succeeded)
            {
                if (config.OnSuccessDestination is { } onSuccess)
                {
                    // The same path as a given-up event's: the record is durably on its queue before
                    // the event is deleted, so a crash in between repeats the event, never loses it.
                    var succeeded = new EventTarget(this, message, asyncEvent, definition, invokeCount, null, result);
                    await _queue.Failures.ApplyAsync(new FailureOutcome.SendToDestination(onSuccess, DestinationConditions.Success),
                        succeeded, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await _queue.DeleteAsync(FunctionName, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
                _lastFailures.TryRemove(asyncEvent.RequestId, out _);
                return;
            }

            lastFailure = result;
            outcome = AsyncRetryPolicy.AfterFailure(config, attempt, Age(message));
        }

        var target = new EventTarget(this, message, asyncEvent, definition, invokeCount, lastFailure, null);
        // The legacy dead-letter queue or topic gets the bare event, durably, before the event is let go.
        if (outcome is FailureOutcome.SendToDestination or FailureOutcome.Discard && config.DeadLetterTarget is { } deadLetter)
        {
            using var span = TriggersTelemetry.Source.StartActivity("dead-letter " + deadLetter.Split(':', '/')[^1], ActivityKind.Producer);
            await _queue.SendDeadLetterAsync(deadLetter, asyncEvent, lastFailure, cancellationToken).ConfigureAwait(false);
            TriggersTelemetry.DestinationSends.Add(1, new("destination", deadLetter), new("condition", "DeadLetterQueue"));
        }

        await _queue.Failures.ApplyAsync(outcome, target, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case FailureOutcome.RetryAfter retry:
                LogRetrying(_logger, FunctionName, asyncEvent.RequestId, attempt, retry.Delay!.Value.TotalMilliseconds);
                break;
            case FailureOutcome.SendToDestination send:
                LogSentToDestination(_logger, FunctionName, asyncEvent.RequestId, send.Condition, invokeCount, send.Destination);
                break;
            case FailureOutcome.Discard discard:
                LogDiscarded(_logger, FunctionName, asyncEvent.RequestId, discard.Condition, invokeCount);
                break;
        }
    }

    private TimeSpan Age(ReceivedMessage message) => _time.GetUtcNow() - message.SentTimestamp;

    /// <summary>One async event as the failure executor settles it: acknowledging deletes it,
    /// retrying later makes it visible again after the delay.</summary>
    private sealed class EventTarget(AsyncInvocationPoller owner, ReceivedMessage message, AsyncEvent asyncEvent,
        FunctionDefinition definition, int invokeCount, FunctionInvoked? lastFailure, FunctionInvoked? success) : IFailureTarget
    {
        public async Task AcknowledgeAsync(CancellationToken cancellationToken)
        {
            await owner._queue.DeleteAsync(owner.FunctionName, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
            owner._lastFailures.TryRemove(asyncEvent.RequestId, out _);
        }

        public Task RetryAfterAsync(TimeSpan? delay, CancellationToken cancellationToken)
        {
            if (lastFailure is not null && owner._lastFailures.Count < MaxRememberedFailures)
                owner._lastFailures[asyncEvent.RequestId] = lastFailure;
            return owner._queue.RetryAfterAsync(owner.FunctionName, message.ReceiptHandle, delay ?? TimeSpan.Zero, cancellationToken);
        }

        public DestinationRecord DestinationRecord(string condition) => new()
        {
            RequestId = asyncEvent.RequestId,
            FunctionArn = definition.QualifiedArn(owner._options.Region, owner._options.AccountId),
            Condition = condition,
            ApproximateInvokeCount = invokeCount,
            RequestPayload = asyncEvent.Payload,
            Timestamp = owner._time.GetUtcNow(),
            LastFailure = lastFailure,
            Success = success,
            ExecutedVersion = definition.Version,
        };
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
