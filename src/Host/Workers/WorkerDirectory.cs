using System.Collections.Concurrent;
using Platform.Contracts.Dispatch;

namespace Platform.Host.Workers;

/// <summary>
/// The workers `platform up` has heard from, from their heartbeats: connected while they keep
/// arriving, lost after <see cref="MissedHeartbeats"/> are missed (killed, or cut off from the broker),
/// forgotten <see cref="ForgetAfter"/> after that. A worker that stops gracefully says so.
/// </summary>
internal sealed class WorkerDirectory(TimeProvider time)
{
    public const int MissedHeartbeats = 3;
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, WorkerStatus> _workers = new(StringComparer.Ordinal);

    public void Observe(WorkerHeartbeat heartbeat)
    {
        var now = time.GetUtcNow();
        _workers.AddOrUpdate(heartbeat.WorkerId,
            _ => new WorkerStatus(heartbeat, now),
            // Heartbeats may overtake each other; the newest sent wins.
            (_, known) => heartbeat.SentAt >= known.Heartbeat.SentAt ? new WorkerStatus(heartbeat, now) : known);
    }

    /// <summary>Every known worker with its state now, ordered by id.</summary>
    public IReadOnlyList<(WorkerStatus Worker, string State)> Snapshot()
    {
        var now = time.GetUtcNow();
        var result = new List<(WorkerStatus, string)>();
        foreach (var (id, worker) in _workers)
        {
            var silent = now - worker.LastSeenAt;
            var lostAfter = worker.Heartbeat.Interval * MissedHeartbeats;
            if (silent > lostAfter + ForgetAfter)
            {
                _workers.TryRemove(new KeyValuePair<string, WorkerStatus>(id, worker));
                continue;
            }

            var state = worker.Heartbeat.Stopping ? "stopping" : silent > lostAfter ? "lost" : "connected";
            result.Add((worker, state));
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Item1.Heartbeat.WorkerId, b.Item1.Heartbeat.WorkerId));
        return result;
    }
}
