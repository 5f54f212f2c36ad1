namespace Platform.Triggers.Dispatch;

/// <summary>The most recent invocations, in memory: a fixed-size ring, so a busy platform never
/// grows it. For looking at what just happened, not an audit trail.</summary>
public sealed class InvocationLog(int capacity = 1000)
{
    private readonly InvocationLogEntry?[] _ring = new InvocationLogEntry?[Math.Max(1, capacity)];
    private readonly Lock _gate = new();
    private long _written;

    public int Capacity => _ring.Length;

    /// <summary>Raised after each entry is added (tests and live views wait on it).</summary>
    public event Action<InvocationLogEntry>? Added;

    public void Add(InvocationLogEntry entry)
    {
        lock (_gate)
        {
            _ring[_written % _ring.Length] = entry.Payload is null && entry.Response is null ? entry : entry with { Payload = null, Response = null };
            _written++;
        }

        Added?.Invoke(entry);
    }

    /// <summary>Newest first, optionally of one function only.</summary>
    public IReadOnlyList<InvocationLogEntry> Query(string? function = null, int limit = 100)
    {
        var result = new List<InvocationLogEntry>(Math.Min(Math.Max(limit, 0), _ring.Length));
        lock (_gate)
        {
            var oldest = Math.Max(0, _written - _ring.Length);
            for (var i = _written - 1; i >= oldest && result.Count < limit; i--)
            {
                var entry = _ring[i % _ring.Length]!;
                if (function is null || string.Equals(entry.Function, function, StringComparison.Ordinal))
                    result.Add(entry);
            }
        }

        return result;
    }
}
