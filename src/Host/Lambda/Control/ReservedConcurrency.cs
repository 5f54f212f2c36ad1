namespace Platform.Host.Lambda;

/// <summary>Counts the synchronous invocations running per function, so one beyond its reserved
/// concurrency is refused with 429 at once — as Lambda throttles — instead of queuing.</summary>
internal sealed class ReservedConcurrency
{
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);

    public bool TryEnter(string function, int reserved)
    {
        lock (_running)
        {
            var running = _running.GetValueOrDefault(function);
            if (running >= reserved)
                return false;
            _running[function] = running + 1;
            return true;
        }
    }

    public void Exit(string function)
    {
        lock (_running)
        {
            if (_running.TryGetValue(function, out var running) && running > 1)
                _running[function] = running - 1;
            else
                _running.Remove(function);
        }
    }
}
