using Platform.Emulators.State;
using Platform.Host.Composition;
using Platform.Tests.Support;

namespace Platform.Tests.Host;

public sealed class QuietPeriodTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A manual clock that says when a timer was created, so the test advances time only
    /// once the wait's delay exists (the wait may resume on another thread).</summary>
    private sealed class ObservedClock : TimeProvider
    {
        private readonly ManualTimeProvider _inner = new();
        private readonly ChangeSignal _timerCreated = new();
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();
        public override long GetTimestamp() => _inner.GetTimestamp();
        public override long TimestampFrequency => _inner.TimestampFrequency;

        public void Advance(TimeSpan by) => _inner.Advance(by);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = _inner.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            _timerCreated.Notify();
            return timer;
        }

        public async Task WaitForTimersAsync(int count)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            while (true)
            {
                var seen = _timerCreated.Version;
                if (Timers >= count)
                    return;
                await _timerCreated.WaitAsync(seen, global::System.Threading.Timeout.InfiniteTimeSpan, System, timeout.Token);
            }
        }
    }

    [Fact]
    public async Task A_burst_of_signals_completes_one_wait_a_quiet_period_after_the_last()
    {
        var clock = new ObservedClock();
        var quiet = new QuietPeriod(Quiet, clock);

        quiet.Signal();
        var wait = quiet.WaitAsync(CancellationToken.None);
        await clock.WaitForTimersAsync(1);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        quiet.Signal();
        // The first quiet period ends, but 50 ms after another signal: it starts over from that one.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await clock.WaitForTimersAsync(2);
        clock.Advance(TimeSpan.FromMilliseconds(149));
        Assert.False(wait.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await wait.WaitAsync(Timeout);
        Assert.Equal(2, clock.Timers);
    }

    [Fact]
    public async Task A_signal_during_a_wait_completes_it_after_the_quiet_period_and_is_consumed()
    {
        var clock = new ObservedClock();
        var quiet = new QuietPeriod(Quiet, clock);
        var wait = quiet.WaitAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(wait.IsCompleted);

        quiet.Signal();
        await clock.WaitForTimersAsync(1);
        clock.Advance(Quiet);
        await wait.WaitAsync(Timeout);

        // The next wait needs a new signal.
        var next = quiet.WaitAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task A_signal_before_the_wait_is_not_lost_and_needs_no_timer_once_quiet()
    {
        var clock = new ObservedClock();
        var quiet = new QuietPeriod(Quiet, clock);
        quiet.Signal();
        clock.Advance(TimeSpan.FromSeconds(1));

        await quiet.WaitAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(0, clock.Timers);
    }
}
