namespace Platform.Runtime.Invocation;

/// <summary>
/// When an invocation times out, as Lambda counts it: the function's timeout runs from the moment
/// its runtime receives the event. A new process's init (until its first /next) is not part of it;
/// it runs under Lambda's own init limit instead (<see cref="BeginInit"/>), so a cold start does not
/// eat a short timeout. In-process handlers receive the event at once: the clock starts when the
/// deadline is made.
/// </summary>
internal sealed class InvocationDeadline : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _expired = new();
    private readonly TaskCompletionSource _expiredTask = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private DateTimeOffset _at;
    private long _started;

    public InvocationDeadline(TimeSpan timeout, TimeProvider time)
    {
        _timeout = timeout;
        _time = time;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        StartNow();
    }

    /// <summary>When the invocation times out now (Lambda-Runtime-Deadline-Ms, RemainingTime).</summary>
    public DateTimeOffset At
    {
        get
        {
            lock (_lock)
                return _at;
        }
    }

    /// <summary>Cancelled at the deadline: the invocation's token.</summary>
    public CancellationToken Token => _expired.Token;

    /// <summary>Completes at the deadline (never faults).</summary>
    public Task Expired => _expiredTask.Task;

    public bool HasExpired => _expiredTask.Task.IsCompleted;

    /// <summary>A new execution environment starts for this invocation: until its runtime asks for
    /// the event, Lambda's init limit applies instead of the function's timeout.</summary>
    public void BeginInit() => Arm(FunctionInitLimit);

    /// <summary>The runtime received the event: the function's timeout runs from now.</summary>
    public DateTimeOffset StartNow()
    {
        Volatile.Write(ref _started, _time.GetTimestamp());
        return Arm(_timeout);
    }

    /// <summary>The invocation's Duration as Lambda reports it: since the event was handed over (a
    /// cold start's init is reported apart, as Init Duration).</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(Volatile.Read(ref _started));

    /// <summary>Lambda's limit on an on-demand environment's init phase.</summary>
    public static TimeSpan FunctionInitLimit => Platform.Contracts.Functions.FunctionDefinition.InitLimit;

    private DateTimeOffset Arm(TimeSpan after)
    {
        lock (_lock)
        {
            if (HasExpired)
                return _at;
            _at = _time.GetUtcNow() + after;
            _timer.Change(after, Timeout.InfiniteTimeSpan);
            return _at;
        }
    }

    private void Fire()
    {
        lock (_lock)
        {
            // A timer that fired just as the deadline moved later: wait for the new one.
            var left = _at - _time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                _timer.Change(left, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        // The token first: whoever sees Expired may check whether the function honoured it.
        try
        {
            _expired.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed as it fired: the invocation is over anyway.
        }

        _expiredTask.TrySetResult();
    }

    public void Dispose()
    {
        _timer.Dispose();
        _expired.Dispose();
    }
}
