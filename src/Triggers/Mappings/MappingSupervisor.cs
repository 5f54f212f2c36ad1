using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Emulators.State;
using Platform.Triggers.Sources;

namespace Platform.Triggers.Mappings;

/// <summary>
/// Runs one <see cref="ISourceWorker"/> per enabled event source mapping of the store, made by
/// the factory of its source kind; restarts a worker when its mapping changes and stops it when the
/// mapping is disabled or deleted. It wakes on the store's change signal, never on an interval.
/// On shutdown the workers stop receiving and finish their batches in flight; the host's shutdown
/// timeout abandons what is left (those messages reappear after their visibility timeout).
/// </summary>
public sealed partial class MappingSupervisor(
    EventSourceMappingStore store,
    IEnumerable<ISourceWorkerFactory> factories,
    TimeProvider time,
    ILogger<MappingSupervisor> logger) : BackgroundService
{
    private readonly Dictionary<EventSourceKind, ISourceWorkerFactory> _factories = factories
        .GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Last());
    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failed = new(StringComparer.Ordinal);
    private readonly List<Task> _stopping = [];
    private volatile IReadOnlyDictionary<string, Running> _snapshot = new Dictionary<string, Running>();
    private volatile IReadOnlyDictionary<string, string> _failedSnapshot = new Dictionary<string, string>();

    /// <summary>Fires after each reconcile and at stop.</summary>
    public ChangeSignal Changed { get; } = new();

    /// <summary>Every mapping of the store, with whether it runs and how it is doing.</summary>
    public IReadOnlyList<MappingState> Mappings
    {
        get
        {
            var running = _snapshot;
            var failed = _failedSnapshot;
            // The store, not the last reconcile: a mapping just put is listed (not running yet).
            return store.List().Select(m => running.TryGetValue(m.Uuid, out var r) && ReferenceEquals(r.Mapping, m)
                    ? new MappingState(m, true, r.Worker.Status)
                    : new MappingState(m, false, failed.TryGetValue(m.Uuid, out var error)
                        ? new MappingStatus { Healthy = false, LastError = error }
                        : new MappingStatus()))
                .ToArray();
        }
    }

    /// <summary>Workers running now (a deleted mapping's stops at the next reconcile).</summary>
    public int RunningWorkers => _snapshot.Count;

    public IReadOnlyList<MappingState> MappingsOf(string function) =>
        Mappings.Where(m => string.Equals(m.Mapping.FunctionName, function, StringComparison.Ordinal)).ToArray();

    /// <summary>Whether a worker factory exists for the kind (platform.yaml reports the others).</summary>
    public bool Supports(EventSourceKind kind) => _factories.ContainsKey(kind);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Remember the version before reading: a change during the reconcile wakes the wait.
                var seen = store.Changed.Version;
                Reconcile(stoppingToken);
                await store.Changed.WaitAsync(seen, Timeout.InfiniteTimeSpan, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
        }
    }

    private void Reconcile(CancellationToken stoppingToken)
    {
        var mappings = store.List();
        var desired = mappings.Where(m => m.Enabled).ToDictionary(m => m.Uuid, StringComparer.Ordinal);

        foreach (var (uuid, running) in _running.ToArray())
        {
            if (desired.TryGetValue(uuid, out var mapping))
            {
                if (ReferenceEquals(mapping, running.Mapping))
                    continue;
                if (mapping.IsEquivalentTo(running.Mapping))
                {
                    _running[uuid] = running with { Mapping = mapping };
                    continue;
                }
            }

            Stop(running);
            _running.Remove(uuid);
            LogStopped(logger, uuid, mapping is null ? "disabled or deleted" : "changed");
        }

        _failed.Clear();
        foreach (var (uuid, mapping) in desired)
        {
            if (_running.ContainsKey(uuid))
                continue;
            if (!_factories.TryGetValue(mapping.Kind, out var factory))
            {
                _failed[uuid] = $"No event source of kind {mapping.Kind} is available for {mapping.EventSourceArn}.";
                LogNoFactory(logger, uuid, mapping.EventSourceArn);
                continue;
            }

            try
            {
                var worker = factory.Create(mapping);
                var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var task = Task.Run(() => RunWorkerAsync(worker, stop.Token), CancellationToken.None);
                _running[uuid] = new Running(mapping, worker, stop, task);
                LogStarted(logger, uuid, mapping.EventSourceArn, mapping.FunctionName);
            }
            catch (Exception ex)
            {
                _failed[uuid] = ex.Message;
                LogCreateFailed(logger, uuid, ex);
            }
        }

        _stopping.RemoveAll(t => t.IsCompleted);
        Publish();
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
            LogWorkerFailed(logger, worker.Mapping.Uuid, ex);
        }
    }

    private void Stop(Running running)
    {
        // Its batches in flight finish in the background; a new worker for a changed mapping does
        // not get their messages meanwhile (they are in flight on the queue).
        running.Stop.Cancel();
        _stopping.Add(running.Task.ContinueWith(_ => running.Stop.Dispose(), TaskScheduler.Default));
    }

    private async Task StopAllAsync()
    {
        foreach (var running in _running.Values)
            Stop(running);
        _running.Clear();
        if (_stopping.Count > 0)
        {
            LogDraining(logger, _stopping.Count);
            await Task.WhenAll(_stopping).ConfigureAwait(false);
        }

        _stopping.Clear();
        Publish();
    }

    private void Publish()
    {
        _snapshot = new Dictionary<string, Running>(_running, StringComparer.Ordinal);
        _failedSnapshot = new Dictionary<string, string>(_failed, StringComparer.Ordinal);
        Changed.Notify();
    }

    private sealed record Running(EventSourceMapping Mapping, ISourceWorker Worker, CancellationTokenSource Stop, Task Task);

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Event source mapping {Uuid}: {Source} → {Function} started")]
    private static partial void LogStarted(ILogger logger, string uuid, string source, string function);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Event source mapping {Uuid} stopped: {Reason}")]
    private static partial void LogStopped(ILogger logger, string uuid, string reason);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Event source mapping {Uuid}: no worker for source {Source}; it does not run")]
    private static partial void LogNoFactory(ILogger logger, string uuid, string source);

    [LoggerMessage(EventId = 603, Level = LogLevel.Error, Message = "Event source mapping {Uuid} could not be started")]
    private static partial void LogCreateFailed(ILogger logger, string uuid, Exception exception);

    [LoggerMessage(EventId = 604, Level = LogLevel.Error, Message = "Event source mapping {Uuid}: its worker failed and stopped")]
    private static partial void LogWorkerFailed(ILogger logger, string uuid, Exception exception);

    [LoggerMessage(EventId = 605, Level = LogLevel.Information, Message = "Waiting for {Workers} event source mappings to finish their batches in flight")]
    private static partial void LogDraining(ILogger logger, int workers);
}
