using System.Collections.Concurrent;

namespace Platform.Runtime.Dispatch;

/// <summary>Counts the invocations this process is running for the dispatch bus, per function — what
/// a worker reports in its heartbeat.</summary>
public sealed class DispatchActivity
{
    private readonly ConcurrentDictionary<string, StrongBox> _running = new(StringComparer.Ordinal);
    private long _completed;

    public long Completed => Interlocked.Read(ref _completed);

    public void Started(string function) => Interlocked.Increment(ref _running.GetOrAdd(function, _ => new StrongBox()).Value);

    public void Finished(string function)
    {
        Interlocked.Decrement(ref _running.GetOrAdd(function, _ => new StrongBox()).Value);
        Interlocked.Increment(ref _completed);
    }

    /// <summary>Functions with at least one invocation running, and how many.</summary>
    public IReadOnlyDictionary<string, int> Snapshot() => _running
        .Select(p => (p.Key, Count: Volatile.Read(ref p.Value.Value)))
        .Where(p => p.Count > 0)
        .ToDictionary(p => p.Key, p => p.Count, StringComparer.Ordinal);

    private sealed class StrongBox
    {
        public int Value;
    }
}
