using Platform.Contracts.Dispatch;
using Platform.Host.Workers;
using Platform.Tests.Support;

namespace Platform.Tests.Host;

public sealed class WorkerDirectoryTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void A_worker_is_connected_while_heartbeats_arrive_and_lost_after_three_are_missed()
    {
        var workers = new WorkerDirectory(_time);
        workers.Observe(Heartbeat("a", inFlight: 2));

        var (status, state) = Assert.Single(workers.Snapshot());
        Assert.Equal("connected", state);
        Assert.Equal(2, status.Heartbeat.InFlight["summarize"]);

        _time.Advance(Interval * WorkerDirectory.MissedHeartbeats);
        Assert.Equal("connected", Assert.Single(workers.Snapshot()).State);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("lost", Assert.Single(workers.Snapshot()).State);

        // Back (the broker returned): connected again.
        workers.Observe(Heartbeat("a", inFlight: 0));
        Assert.Equal("connected", Assert.Single(workers.Snapshot()).State);
    }

    [Fact]
    public void A_stopping_worker_says_so_and_a_long_lost_one_is_forgotten()
    {
        var workers = new WorkerDirectory(_time);
        workers.Observe(Heartbeat("a", inFlight: 0));
        workers.Observe(Heartbeat("b", inFlight: 1) with { Stopping = true });
        Assert.Equal([("a", "connected"), ("b", "stopping")], workers.Snapshot().Select(w => (w.Worker.Heartbeat.WorkerId, w.State)));

        _time.Advance(Interval * WorkerDirectory.MissedHeartbeats + WorkerDirectory.ForgetAfter + TimeSpan.FromSeconds(1));
        Assert.Empty(workers.Snapshot());
    }

    [Fact]
    public void An_older_heartbeat_arriving_late_does_not_replace_a_newer_one()
    {
        var workers = new WorkerDirectory(_time);
        var older = Heartbeat("a", inFlight: 5);
        _time.Advance(Interval);
        workers.Observe(Heartbeat("a", inFlight: 1));
        workers.Observe(older);
        Assert.Equal(1, Assert.Single(workers.Snapshot()).Worker.Heartbeat.InFlight["summarize"]);
    }

    private WorkerHeartbeat Heartbeat(string id, int inFlight) => new()
    {
        WorkerId = id,
        Host = "host",
        ProcessId = 1,
        StartedAt = _time.GetUtcNow(),
        SentAt = _time.GetUtcNow(),
        Interval = Interval,
        Functions = ["summarize"],
        InFlight = new Dictionary<string, int> { ["summarize"] = inFlight },
        Completed = 0,
    };
}
