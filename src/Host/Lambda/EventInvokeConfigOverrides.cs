using Platform.Contracts.Functions;

namespace Platform.Host.Lambda;

/// <summary>Async invoke configs set through Put/UpdateFunctionEventInvokeConfig; they win over
/// platform.yaml's until deleted, and are applied each time the function catalog is rebuilt.</summary>
internal sealed class EventInvokeConfigOverrides
{
    private readonly Lock _gate = new();
    private Dictionary<string, (AsyncInvokeConfig Config, DateTimeOffset LastModified)> _configs = new(StringComparer.Ordinal);

    public void Set(string function, AsyncInvokeConfig config, DateTimeOffset lastModified)
    {
        lock (_gate)
            _configs = new(_configs, StringComparer.Ordinal) { [function] = (config, lastModified) };
    }

    public bool Remove(string function)
    {
        lock (_gate)
        {
            if (!_configs.ContainsKey(function))
                return false;
            var next = new Dictionary<string, (AsyncInvokeConfig, DateTimeOffset)>(_configs, StringComparer.Ordinal);
            next.Remove(function);
            _configs = next;
            return true;
        }
    }

    public DateTimeOffset? LastModified(string function) =>
        _configs.TryGetValue(function, out var entry) ? entry.LastModified : null;

    public IEnumerable<FunctionDefinition> Apply(IEnumerable<FunctionDefinition> functions)
    {
        var configs = _configs;
        // DeadLetterConfig belongs to the function's configuration, not to its event invoke config.
        return functions.Select(f => configs.TryGetValue(f.Name, out var entry)
            ? f with { Async = entry.Config with { DeadLetterTarget = f.Async.DeadLetterTarget } }
            : f);
    }
}
