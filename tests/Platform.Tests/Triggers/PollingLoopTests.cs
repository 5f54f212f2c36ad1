using Microsoft.Extensions.Logging.Abstractions;
using Platform.Emulators.State;
using Platform.Tests.Support;
using Platform.Triggers;
using Platform.Triggers.Pollers;

namespace Platform.Tests.Triggers;

public sealed class PollingLoopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Fails as often as told, then reports idle and waits on a signal.</summary>
    private sealed class TestPoller(int failures) : IPoller
    {
        private long _seen;
        public ChangeSignal Work { get; } = new();
        public ChangeSignal Polled { get; } = new();
        public int Polls;

        public string Name => "test";

        public Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
        {
            _seen = Work.Version;
            var n = Interlocked.Increment(ref Polls);
            Polled.Notify();
            return n <= failures
                ? Task.FromException<PollResult>(new InvalidOperationException("source down"))
                : Task.FromResult(PollResult.Idle);
        }

        public Task WaitForWorkAsync(CancellationToken cancellationToken) =>
            Work.WaitAsync(_seen, System.Threading.Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
    }

    /// <summary>A manual clock that says when a timer was created, so the test advances time only
    /// once the loop's backoff delay exists.</summary>
    private sealed class ObservedClock : TimeProvider
    {
        public ManualTimeProvider Inner { get; } = new();
        public ChangeSignal TimerCreated { get; } = new();
        public int Timers;

        public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();
        public override long GetTimestamp() => Inner.GetTimestamp();
        public override long TimestampFrequency => Inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = Inner.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref Timers);
            TimerCreated.Notify();
            return timer;
        }
    }

    private static Task WaitUntilAsync(ChangeSignal signal, Func<bool> condition) => Signals.WaitUntilAsync(signal, condition, Timeout);

    private static Task WaitForPollsAsync(TestPoller poller, int count) =>
        WaitUntilAsync(poller.Polled, () => Volatile.Read(ref poller.Polls) >= count);

    [Fact]
    public void Backoff_doubles_up_to_the_cap()
    {
        var options = new TriggerOptions { PollErrorBackoff = TimeSpan.FromMilliseconds(100), MaxPollErrorBackoff = TimeSpan.FromSeconds(1) };
        var loop = new PollingLoop(new TestPoller(0), TimeProvider.System, options, NullLogger<PollingLoop>.Instance);

        Assert.Equal([100, 200, 400, 800, 1000, 1000], Enumerable.Range(1, 6).Select(n => loop.Backoff(n).TotalMilliseconds));
    }

    [Fact]
    public async Task Backs_off_on_errors_then_waits_for_its_signal_and_stops_cleanly()
    {
        var time = new ObservedClock();
        var poller = new TestPoller(failures: 2);
        var options = new TriggerOptions { PollErrorBackoff = TimeSpan.FromSeconds(1), MaxPollErrorBackoff = TimeSpan.FromSeconds(5) };
        var loop = new PollingLoop(poller, time, options, NullLogger<PollingLoop>.Instance);
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(stop.Token);

        await WaitUntilAsync(time.TimerCreated, () => Volatile.Read(ref time.Timers) >= 1);
        Assert.Equal(1, loop.Status.ConsecutiveFailures);
        Assert.Equal("source down", loop.Status.LastError);

        time.Inner.Advance(TimeSpan.FromSeconds(1));   // first backoff
        await WaitUntilAsync(time.TimerCreated, () => Volatile.Read(ref time.Timers) >= 2);
        Assert.Equal(2, Volatile.Read(ref poller.Polls));
        time.Inner.Advance(TimeSpan.FromSeconds(1));   // not yet: the second backoff is 2 s
        Assert.Equal(2, Volatile.Read(ref poller.Polls));
        time.Inner.Advance(TimeSpan.FromSeconds(1));
        await WaitForPollsAsync(poller, 3);      // succeeds (idle) and waits for its signal

        poller.Work.Notify();
        await WaitForPollsAsync(poller, 4);
        Assert.True(loop.Status.Healthy);

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
        Assert.False(loop.Status.Running);
    }
}
