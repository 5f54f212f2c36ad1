using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Mappings;
using Platform.Triggers.Pollers;
using Platform.Triggers.Sources;
using Platform.Triggers.Sources.Async;
using Platform.Triggers.Sources.S3;

namespace Platform.Triggers;

/// <summary>
/// The one supervisor of every event source: one async poller per function of the catalog, one
/// storage poller per bucket notification configuration, and one <see cref="ISourceWorker"/> per
/// enabled event source mapping of the store (made by the <see cref="ISourceWorkerFactory"/> of its
/// kind) — started, restarted and stopped as the catalog, the configurations and the mappings
/// change. Its own reconcile step runs on a <see cref="PollingLoop"/>, woken by their change
/// signals, never on an interval. On shutdown everything stops receiving, then running invocations
/// and batches finish until the host's shutdown timeout, which aborts the rest (their events
/// reappear after their visibility timeout, or run again from the checkpoint).
/// </summary>
public sealed partial class TriggerSupervisor(
    IFunctionCatalog catalog,
    IStorageChangeFeed feed,
    AsyncInvocationQueue queue,
    CheckpointStore checkpoints,
    IInvocationDispatcher invoker,
    EventSourceMappingStore store,
    IEnumerable<ISourceWorkerFactory> factories,
    TriggerOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    TriggerActivity? activity = null,
    S3NotificationTargets? s3Targets = null) : BackgroundService, IPendingWork
{
    /// <summary>Where S3 notifications go; a host without one delivers to functions only.</summary>
    private S3NotificationTargets S3Targets { get; } = s3Targets ?? new S3NotificationTargets(queue, queue.Port, null, null,
        loggerFactory.CreateLogger<S3NotificationTargets>());

    private readonly ILogger _logger = loggerFactory.CreateLogger<TriggerSupervisor>();
    private readonly Lock _abortGate = new();
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private PollingLoop? _loop;
    private bool _aborted;
    private long _notificationsVersion;
    private long _catalogVersion;
    private long _mappingsVersion;
    private volatile bool _reconciling = true;

    /// <summary>Fires after each reconcile (workers started or stopped, journal trimmed) and at stop.</summary>
    public ChangeSignal Changed { get; } = new();

    public TriggerHealth Health
    {
        get
        {
            var snapshot = _snapshot;
            var pollers = new List<PollerStatus>();
            if (_loop is { } loop)
                pollers.Add(loop.Status);
            pollers.AddRange(snapshot.Functions.Select(f => f.Loop.Status));
            pollers.AddRange(snapshot.Bindings.Select(b => b.Loop.Status));
            return new TriggerHealth(_loop?.Status.Running ?? false, pollers);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown timeout: whatever still runs then is released, not waited for.
        await using var registration = cancellationToken.Register(AbortInFlight).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _loop = new PollingLoop(new Reconciler(this, stoppingToken), time, options, loggerFactory.CreateLogger<PollingLoop>());
        try
        {
            await _loop.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
    }

    private async Task ShutdownAsync()
    {
        // Stop receiving everywhere first, then let running invocations and batches finish.
        StopAllMappings();
        await Task.WhenAll(_functions.Values.Select(f => f.StopAsync())
            .Concat(_bindings.Values.Select(b => b.StopAsync()))).ConfigureAwait(false);

        var draining = _functions.Values.Select(f => f.Poller).Concat(_retired).Where(p => p.InFlight > 0).ToArray();
        if (draining.Length > 0)
        {
            LogDraining(_logger, draining.Sum(p => p.InFlight));
            await Task.WhenAll(draining.Select(p => p.WhenIdleAsync(CancellationToken.None))).ConfigureAwait(false);
        }

        await DrainMappingsAsync().ConfigureAwait(false);
        _functions.Clear();
        _bindings.Clear();
        Publish();
        Changed.Notify();
    }

    private void AbortInFlight()
    {
        lock (_abortGate)
        {
            _aborted = true;
            foreach (var poller in _snapshot.Functions.Select(f => f.Poller).Concat(_snapshot.Retired))
                poller.Abort();
        }
    }

    private async Task ReconcileAsync(CancellationToken stoppingToken, CancellationToken cancellationToken)
    {
        _reconciling = true;
        try
        {
            await ReconcileOnceAsync(stoppingToken, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _reconciling = false;
            Activity.Settled.Notify();
        }
    }

    private TriggerActivity Activity => activity ?? TriggerActivity.Untracked;

    /// <summary>
    /// Null when every trigger is caught up: the supervisor has applied every change of the
    /// catalog, the notification configurations and the mappings; no poller or mapping has work
    /// ready or taken and unsettled. Retries waiting out their delay and invisible messages are not
    /// pending — they are not due. Otherwise the first thing still to do, for a test's message.
    /// </summary>
    public string? PendingWork()
    {
        if (_reconciling || feed.NotificationsChanged.Version != _notificationsVersion ||
            catalog.Changed.Version != _catalogVersion || store.Changed.Version != _mappingsVersion)
            return "triggers: applying a configuration change";
        var snapshot = _snapshot;
        foreach (var poller in snapshot.Bindings.Select(b => (IPendingWork)b.Poller)
                     .Concat(snapshot.Functions.Select(f => f.Poller))
                     .Concat(snapshot.Mappings.Values.Select(m => m.Worker).OfType<IPendingWork>()))
        {
            if (poller.PendingWork() is { } pending)
                return pending;
        }

        return snapshot.Retired.FirstOrDefault(p => p.InFlight > 0) is { } retired
            ? $"{retired.Name}: invocations of a replaced definition still running"
            : null;
    }

    private async Task ReconcileOnceAsync(CancellationToken stoppingToken, CancellationToken cancellationToken)
    {
        // Remember the signals before reading: a change during the reconcile wakes the next wait.
        _notificationsVersion = feed.NotificationsChanged.Version;
        _catalogVersion = catalog.Changed.Version;
        _mappingsVersion = store.Changed.Version;
        ReconcileMappings(stoppingToken);
        Publish();
        await ReconcileFunctionsAsync(cancellationToken).ConfigureAwait(false);
        await ReconcileBindingsAsync(cancellationToken).ConfigureAwait(false);
        Publish();
        await TrimJournalAsync(cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    /// <summary>Until a notification configuration, the catalog or a mapping changes, or the next trim is due.</summary>
    private async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        using var any = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notifications = feed.NotificationsChanged.WaitAsync(_notificationsVersion, options.JournalTrimInterval, time, any.Token);
        var functions = catalog.Changed.WaitAsync(_catalogVersion, Timeout.InfiniteTimeSpan, time, any.Token);
        var mappings = store.Changed.WaitAsync(_mappingsVersion, Timeout.InfiniteTimeSpan, time, any.Token);
        await Task.WhenAny(notifications, functions, mappings).ConfigureAwait(false);
        await any.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private Running<T> Start<T>(T poller, CancellationToken stoppingToken) where T : IPoller
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var loop = new PollingLoop(poller, time, options, loggerFactory.CreateLogger<PollingLoop>());
        return new Running<T>(poller, loop, stop, Task.Run(() => loop.RunAsync(stop.Token), CancellationToken.None));
    }

    private void Publish()
    {
        lock (_abortGate)
        {
            _snapshot = new Snapshot(_functions.Values.ToArray(), _bindings.Values.ToArray(), _retired.ToArray(),
                new Dictionary<string, MappingRun>(_mappings, StringComparer.Ordinal),
                new Dictionary<string, string>(_failedMappings, StringComparer.Ordinal));
            // A poller started while the host was already giving up must not keep running either.
            if (_aborted)
            {
                foreach (var poller in _snapshot.Functions.Select(f => f.Poller))
                    poller.Abort();
            }
        }
    }

    private sealed record Running<T>(T Poller, PollingLoop Loop, CancellationTokenSource Stop, Task Task) where T : IPoller
    {
        public async Task StopAsync()
        {
            await Stop.CancelAsync().ConfigureAwait(false);
            await Task.ConfigureAwait(false);
            Stop.Dispose();
        }
    }

    private sealed record Snapshot(
        IReadOnlyList<Running<AsyncInvocationPoller>> Functions,
        IReadOnlyList<Running<StoragePoller>> Bindings,
        IReadOnlyList<AsyncInvocationPoller> Retired,
        IReadOnlyDictionary<string, MappingRun> Mappings,
        IReadOnlyDictionary<string, string> FailedMappings)
    {
        public static Snapshot Empty { get; } = new([], [], [], new Dictionary<string, MappingRun>(), new Dictionary<string, string>());
    }

    /// <summary>The supervisor's own step on the polling loop.</summary>
    private sealed class Reconciler(TriggerSupervisor owner, CancellationToken stoppingToken) : IPoller
    {
        public string Name => "triggers";

        public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
        {
            await owner.ReconcileAsync(stoppingToken, cancellationToken).ConfigureAwait(false);
            return PollResult.Idle;
        }

        public Task WaitForWorkAsync(CancellationToken cancellationToken) => owner.WaitForChangeAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "Waiting for {InFlight} running invocations before stopping")]
    private static partial void LogDraining(ILogger logger, int inFlight);
}
