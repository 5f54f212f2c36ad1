namespace Platform.Triggers.Pollers;

/// <summary>
/// How many invocations (or batches) a poller has running, against a limit that may change while
/// it waits (a reloaded function's concurrency). A receive takes slots before it asks its source
/// for work and gives back what it did not use, so nothing is received that cannot run at once.
/// </summary>
public sealed class ConcurrencySlots
{
    private readonly Lock _gate = new();
    private int _inUse;
    private TaskCompletionSource? _freed;
    private TaskCompletionSource? _idle;

    public int InUse
    {
        get { lock (_gate) return _inUse; }
    }

    /// <summary>Waits until at least one slot is free under <paramref name="limit"/> (read anew on
    /// every wake), then takes up to <paramref name="most"/> of the free ones and says how many.</summary>
    public async Task<int> AcquireAsync(Func<int> limit, int most, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task freed;
            lock (_gate)
            {
                var free = Math.Max(1, limit()) - _inUse;
                if (free > 0)
                {
                    var taken = Math.Min(free, most);
                    _inUse += taken;
                    return taken;
                }

                _freed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                freed = _freed.Task;
            }

            await freed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Release(int count = 1)
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            _inUse -= count;
            if (_inUse == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
        WakeWaiters();
    }

    /// <summary>The limit changed: waiters look again.</summary>
    public void WakeWaiters()
    {
        TaskCompletionSource? freed;
        lock (_gate)
        {
            freed = _freed;
            _freed = null;
        }

        freed?.TrySetResult();
    }

    /// <summary>Completes when no slot is taken.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_inUse == 0)
                return Task.CompletedTask;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }
}
