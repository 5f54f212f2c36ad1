namespace Platform.Emulators.State;

/// <summary>
/// Wakes waiters when something changed — a new journal entry, a message sent — so pollers react
/// to a change in microseconds instead of sleeping on an interval. Waiters remember the
/// <see cref="Version"/> they last saw; a change that happened in between is never missed.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Notify()
    {
        TaskCompletionSource fired;
        lock (this)
        {
            _version++;
            fired = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }

    /// <summary>Completes once <see cref="Version"/> differs from <paramref name="seenVersion"/>, or
    /// when <paramref name="timeout"/> (measured by <paramref name="time"/>) elapses. Returns true if
    /// a change happened.</summary>
    public async Task<bool> WaitAsync(long seenVersion, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task next;
        lock (this)
        {
            if (_version != seenVersion)
                return true;
            next = _next.Task;
        }

        if (timeout == Timeout.InfiniteTimeSpan)
        {
            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        try
        {
            await next.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
