using Platform.Emulators.State;

namespace Platform.Host.Composition;

/// <summary>
/// Debounces a burst of signals: <see cref="WaitAsync"/> completes once there was a signal and then
/// none for the quiet period, measured on the injected clock. Editors save a file in several writes
/// (truncate, write, rename, touch), each raising a change event; one reload should follow them all.
/// </summary>
internal sealed class QuietPeriod(TimeSpan quiet, TimeProvider time)
{
    private readonly ChangeSignal _signal = new();
    private long _lastSignal;
    private long _seen;

    public TimeSpan Quiet => quiet;

    public void Signal()
    {
        // The time before the version: a waiter that sees the new version also sees this time.
        Interlocked.Exchange(ref _lastSignal, time.GetTimestamp());
        _signal.Notify();
    }

    /// <summary>Until a signal after the previous wait, then <see cref="Quiet"/> without another.
    /// One waiter at a time.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _signal.WaitAsync(_seen, Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            // The version before the time: a signal that lands after this check bumps the version
            // past what is remembered, so the next wait returns for it.
            var version = _signal.Version;
            var remaining = quiet - time.GetElapsedTime(Interlocked.Read(ref _lastSignal));
            if (remaining <= TimeSpan.Zero)
            {
                _seen = version;
                return;
            }

            await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
