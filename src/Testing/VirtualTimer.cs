namespace Platform.Testing;

/// <summary>A timer of the <see cref="VirtualClock"/>: its due time is a point of virtual time,
/// served by a real timer armed for the time left, and re-armed whenever the clock jumps.</summary>
internal sealed class VirtualTimer : ITimer
{
    private readonly VirtualClock _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly ITimer _real;
    private readonly Lock _gate = new();
    private DateTimeOffset? _due;
    private TimeSpan _period;
    private bool _disposed;

    public VirtualTimer(VirtualClock clock, TimerCallback callback, object? state)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
        _real = TimeProvider.System.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (_disposed)
                return false;
            _period = period;
            _due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
            ArmLocked();
            return true;
        }
    }

    /// <summary>The clock jumped: arm the real timer for what is left now.</summary>
    public void Rearm()
    {
        lock (_gate)
        {
            if (!_disposed)
                ArmLocked();
        }
    }

    private void ArmLocked()
    {
        if (_due is not { } due)
        {
            _real.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var left = due - _clock.GetUtcNow();
        _real.Change(left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        lock (_gate)
        {
            if (_disposed || _due is not { } due)
                return;
            if (_clock.GetUtcNow() < due)
            {
                // The real timer ran a hair early against the wall clock: wait the rest.
                ArmLocked();
                return;
            }

            _due = _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan ? due + _period : null;
            ArmLocked();
        }

        _callback(_state);
    }

    public void Dispose()
    {
        lock (_gate)
            _disposed = true;
        _real.Dispose();
        _clock.Forget(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
