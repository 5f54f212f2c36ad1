using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Functions;
using Platform.Runtime.Dispatch;

namespace Platform.Host.Composition;

/// <summary>
/// The bus's receive endpoints, one per function, kept equal to the registry across reloads. Those
/// configured when the bus was created cannot be removed from it; those connected by a reload come
/// with a handle that stops and removes them. None when workers run the functions (RabbitMQ).
/// </summary>
internal sealed partial class FunctionEndpoints(DispatchOptions dispatch, ILogger<FunctionEndpoints> logger)
{
    private readonly Dictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Called from the bus configuration with the functions it creates endpoints for.</summary>
    public IReadOnlyCollection<FunctionDefinition> ConfiguredWithBus(IReadOnlyCollection<FunctionDefinition> functions)
    {
        _gate.Wait();
        try
        {
            foreach (var function in functions)
                _endpoints[function.Name] = new Endpoint(function.Concurrency, function.Concurrency, null);
            return functions;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Connects an endpoint for each function that has none, reconnects those whose
    /// concurrency changed, and stops those of functions that are gone.</summary>
    public async Task ReconcileAsync(IReceiveEndpointConnector connector, IReadOnlyCollection<FunctionDefinition> functions,
        CancellationToken cancellationToken)
    {
        if (!dispatch.RunsFunctions)
            return; // `platform worker` processes consume the functions' queues, each from its own platform.yaml.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var desired = functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
            foreach (var (name, endpoint) in _endpoints.ToArray())
            {
                if (desired.ContainsKey(name) || endpoint.Handle is null)
                    continue; // A bus-created endpoint stays; nothing is sent to it once the triggers let go.

                // Waits for its running invocations: the triggers already stopped sending it more.
                await endpoint.Handle.StopAsync(cancellationToken).ConfigureAwait(false);
                _endpoints.Remove(name);
            }

            foreach (var (name, function) in desired)
            {
                if (_endpoints.TryGetValue(name, out var endpoint))
                {
                    if (endpoint.Desired == function.Concurrency)
                        continue;
                    if (endpoint.Handle is null)
                    {
                        // The async poller applies the new limit at once; the transport's own limit
                        // is fixed for endpoints created with the bus.
                        if (function.Concurrency != endpoint.Limit)
                            LogConcurrencyNeedsRestart(logger, name, function.Concurrency, endpoint.Limit);
                        _endpoints[name] = endpoint with { Desired = function.Concurrency };
                        continue;
                    }

                    // Requests sent meanwhile wait on the function's queue for the new endpoint.
                    await endpoint.Handle.StopAsync(cancellationToken).ConfigureAwait(false);
                    _endpoints.Remove(name);
                }

                var handle = connector.ConnectFunctionEndpoint(function);
                _endpoints[name] = new Endpoint(function.Concurrency, function.Concurrency, handle);
                await handle.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary><paramref name="Limit"/> is what the transport enforces, <paramref name="Desired"/> what the
    /// configuration last asked for; they differ only for bus-created endpoints.</summary>
    private sealed record Endpoint(int Limit, int Desired, HostReceiveEndpointHandle? Handle);

    [LoggerMessage(EventId = 510, Level = LogLevel.Warning, Message = "Concurrency of {Function} is {Concurrency} for async invocations now; its dispatch endpoint keeps the limit of {Limit} it was created with until the platform restarts")]
    private static partial void LogConcurrencyNeedsRestart(ILogger logger, string function, int concurrency, int limit);
}
