using Microsoft.Extensions.Logging;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;

namespace Platform.Triggers;

/// <summary>Event source mappings: one <see cref="ISourceWorker"/> per enabled mapping of the store,
/// made by the factory of its kind; restarted when its mapping changes, stopped when it is disabled
/// or deleted. A stopped worker finishes its batches in flight in the background.</summary>
public sealed partial class TriggerSupervisor
{
    private readonly Dictionary<EventSourceKind, ISourceWorkerFactory> _factories = factories
        .GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Last());
    private readonly Dictionary<string, MappingRun> _mappings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failedMappings = new(StringComparer.Ordinal);
    private readonly List<Task> _stoppingMappings = [];

    /// <summary>Every mapping of the store, with whether it runs and how it is doing.</summary>
    public IReadOnlyList<MappingState> Mappings
    {
        get
        {
            var snapshot = _snapshot;
            // The store, not the last reconcile: a mapping just put is listed (not running yet).
            return store.List().Select(m => snapshot.Mappings.TryGetValue(m.Uuid, out var r) && ReferenceEquals(r.Mapping, m)
                    ? new MappingState(m, true, r.Worker.Status)
                    : new MappingState(m, false, snapshot.FailedMappings.TryGetValue(m.Uuid, out var error)
                        ? new MappingStatus { Healthy = false, LastError = error }
                        : new MappingStatus()))
                .ToArray();
        }
    }

    /// <summary>Mapping workers running now (a deleted mapping's stops at the next reconcile).</summary>
    public int RunningWorkers => _snapshot.Mappings.Count;

    public IReadOnlyList<MappingState> MappingsOf(string function) =>
        Mappings.Where(m => string.Equals(m.Mapping.FunctionName, function, StringComparison.Ordinal)).ToArray();

    /// <summary>Whether a worker factory exists for the kind (platform.yaml reports the others).</summary>
    public bool Supports(EventSourceKind kind) => _factories.ContainsKey(kind);

    private void ReconcileMappings(CancellationToken stoppingToken)
    {
        var desired = store.List().Where(m => m.Enabled).ToDictionary(m => m.Uuid, StringComparer.Ordinal);

        foreach (var (uuid, running) in _mappings.ToArray())
        {
            if (desired.TryGetValue(uuid, out var mapping))
            {
                if (ReferenceEquals(mapping, running.Mapping))
                    continue;
                if (mapping.IsEquivalentTo(running.Mapping))
                {
                    _mappings[uuid] = running with { Mapping = mapping };
                    continue;
                }
            }

            StopMapping(running);
            _mappings.Remove(uuid);
            LogMappingStopped(_logger, uuid, mapping is null ? "disabled or deleted" : "changed");
        }

        _failedMappings.Clear();
        foreach (var (uuid, mapping) in desired)
        {
            if (_mappings.ContainsKey(uuid))
                continue;
            if (!_factories.TryGetValue(mapping.Kind, out var factory))
            {
                _failedMappings[uuid] = $"No event source of kind {mapping.Kind} is available for {mapping.EventSourceArn}.";
                LogNoFactory(_logger, uuid, mapping.EventSourceArn);
                continue;
            }

            try
            {
                var worker = factory.Create(mapping);
                var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var task = Task.Run(() => RunWorkerAsync(worker, stop.Token), CancellationToken.None);
                _mappings[uuid] = new MappingRun(mapping, worker, stop, task);
                LogMappingStarted(_logger, uuid, mapping.EventSourceArn, mapping.FunctionName);
            }
            catch (Exception ex)
            {
                _failedMappings[uuid] = ex.Message;
                LogCreateFailed(_logger, uuid, ex);
            }
        }

        _stoppingMappings.RemoveAll(t => t.IsCompleted);
    }

    private async Task RunWorkerAsync(ISourceWorker worker, CancellationToken cancellationToken)
    {
        try
        {
            await worker.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogWorkerFailed(_logger, worker.Mapping.Uuid, ex);
        }
    }

    private void StopMapping(MappingRun running)
    {
        // Its batches in flight finish in the background; a new worker for a changed mapping does
        // not get their messages meanwhile (they are in flight on the queue).
        running.Stop.Cancel();
        _stoppingMappings.Add(running.Task.ContinueWith(_ => running.Stop.Dispose(), TaskScheduler.Default));
    }

    private void StopAllMappings()
    {
        foreach (var running in _mappings.Values)
            StopMapping(running);
        _mappings.Clear();
    }

    private async Task DrainMappingsAsync()
    {
        if (_stoppingMappings.Count > 0)
        {
            LogMappingsDraining(_logger, _stoppingMappings.Count);
            await Task.WhenAll(_stoppingMappings).ConfigureAwait(false);
        }

        _stoppingMappings.Clear();
    }

    private sealed record MappingRun(EventSourceMapping Mapping, ISourceWorker Worker, CancellationTokenSource Stop, Task Task);

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Event source mapping {Uuid}: {Source} → {Function} started")]
    private static partial void LogMappingStarted(ILogger logger, string uuid, string source, string function);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Event source mapping {Uuid} stopped: {Reason}")]
    private static partial void LogMappingStopped(ILogger logger, string uuid, string reason);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Event source mapping {Uuid}: no worker for source {Source}; it does not run")]
    private static partial void LogNoFactory(ILogger logger, string uuid, string source);

    [LoggerMessage(EventId = 603, Level = LogLevel.Error, Message = "Event source mapping {Uuid} could not be started")]
    private static partial void LogCreateFailed(ILogger logger, string uuid, Exception exception);

    [LoggerMessage(EventId = 604, Level = LogLevel.Error, Message = "Event source mapping {Uuid}: its worker failed and stopped")]
    private static partial void LogWorkerFailed(ILogger logger, string uuid, Exception exception);

    [LoggerMessage(EventId = 605, Level = LogLevel.Information, Message = "Waiting for {Workers} event source mappings to finish their batches in flight")]
    private static partial void LogMappingsDraining(ILogger logger, int workers);
}
