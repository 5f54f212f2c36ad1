using Microsoft.Extensions.Logging;
using Platform.Triggers.Sources.Async;

namespace Platform.Triggers;

/// <summary>Async invocations: one <see cref="AsyncInvocationPoller"/> per function of the catalog,
/// updated in place when the function's definition changes.</summary>
public sealed partial class TriggerSupervisor
{
    private readonly Dictionary<string, Running<AsyncInvocationPoller>> _functions = new(StringComparer.Ordinal);
    private readonly List<AsyncInvocationPoller> _retired = [];

    /// <summary>Async invocations of the function running now.</summary>
    public int InFlight(string function) =>
        _snapshot.Functions.FirstOrDefault(f => f.Poller.FunctionName == function)?.Poller.InFlight ?? 0;

    private async Task ReconcileFunctionsAsync(CancellationToken cancellationToken)
    {
        var desired = catalog.Functions
            .GroupBy(f => f.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

        foreach (var (name, running) in _functions.ToArray())
        {
            if (desired.ContainsKey(name))
                continue;
            // Its queue stays: events wait there if the function comes back.
            await running.StopAsync().ConfigureAwait(false);
            _functions.Remove(name);
            _retired.Add(running.Poller);
            LogFunctionStopped(_logger, name);
        }

        _retired.RemoveAll(p => p.InFlight == 0);

        foreach (var (name, definition) in desired)
        {
            if (_functions.TryGetValue(name, out var running))
            {
                running.Poller.Update(definition);
                continue;
            }

            await queue.EnsureExistsAsync(name, cancellationToken).ConfigureAwait(false);
            await queue.ReleaseInFlightAsync(name, cancellationToken).ConfigureAwait(false);
            var poller = new AsyncInvocationPoller(definition, queue, invoker, time, options,
                loggerFactory.CreateLogger<AsyncInvocationPoller>(), activity);
            _functions[name] = Start(poller, cancellationToken);
            LogFunctionStarted(_logger, name, definition.Concurrency);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Async invocations of {Function} started (concurrency {Concurrency})")]
    private static partial void LogFunctionStarted(ILogger logger, string function, int concurrency);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Async invocations of {Function} stopped: it left the catalog")]
    private static partial void LogFunctionStopped(ILogger logger, string function);
}
