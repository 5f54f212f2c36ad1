namespace Platform.Testing;

/// <summary>
/// The platform's clock in a test: real time plus whatever the test skipped with
/// <see cref="Advance"/>. Every time rule of the platform reads it (async retry delays, visibility
/// timeouts, batching windows, event and record age, retention, TTL), and every timer made through
/// it is re-armed on <see cref="Advance"/>, so a retry due in two minutes runs as soon as the test
/// advances two minutes. Between advances it runs at real speed, so short internal waits (a
/// function's timeout, a Kinesis retry's back-off) still end on their own.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<VirtualTimer> _timers = [];
    private long _offsetTicks;

    /// <summary>How far the test has moved the clock ahead of real time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override long GetTimestamp() =>
        System.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>Moves the clock forward; timers now due fire at once (on the thread pool).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
        VirtualTimer[] timers;
        lock (_gate)
            timers = [.. _timers];
        foreach (var timer in timers)
            timer.Rearm();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        lock (_gate)
            _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    internal void Forget(VirtualTimer timer)
    {
        lock (_gate)
            _timers.Remove(timer);
    }
}
