using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Pollers;
using Platform.Triggers.Sources.Async;
using Platform.Triggers.Sources.S3;

namespace Platform.Triggers;

/// <summary>
/// Runs the triggers: one async poller per function of the catalog, one storage poller per bucket
/// notification configuration, started and stopped as the catalog and the configurations change.
/// Its own reconcile step runs on a <see cref="PollingLoop"/> too. On shutdown it stops receiving,
/// then waits for running invocations until the host's shutdown timeout, which aborts the rest
/// (their events reappear after their visibility timeout).
/// </summary>
public sealed partial class TriggerSupervisor(
    IFunctionCatalog catalog,
    IStorageChangeFeed feed,
    AsyncInvocationQueue queue,
    CheckpointStore checkpoints,
    IInvocationDispatcher invoker,
    TriggerOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<TriggerSupervisor>();
    private readonly S3EventContext _context = new(options.Region, options.AccountId);
    private readonly Dictionary<string, Running<AsyncInvocationPoller>> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Running<StoragePoller>> _bindings = new(StringComparer.Ordinal);
    private readonly List<AsyncInvocationPoller> _retired = [];
    private readonly HashSet<string> _reportedInvalid = new(StringComparer.Ordinal);
    private readonly Lock _abortGate = new();
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private PollingLoop? _loop;
    private bool _aborted;
    private long _trimmedTo = -1;
    private DateTimeOffset _lastTrim = DateTimeOffset.MinValue;
    private long _notificationsVersion;
    private long _catalogVersion;

    /// <summary>Fires after each reconcile (pollers started or stopped, journal trimmed) and at stop.</summary>
    public ChangeSignal Changed { get; } = new();

    /// <summary>Every storage binding feeding a function now.</summary>
    public IReadOnlyList<ActiveBinding> Bindings =>
        _snapshot.Bindings.Select(b => new ActiveBinding
        {
            Id = b.Poller.Binding.Id,
            Function = b.Poller.Binding.FunctionName,
            Trigger = b.Poller.Binding.Trigger,
            Source = b.Poller.Binding.Bucket,
            Events = b.Poller.Binding.Configuration.Events,
            Prefix = b.Poller.Binding.Configuration.Prefix,
            Suffix = b.Poller.Binding.Configuration.Suffix,
            Position = b.Poller.Position,
            Healthy = b.Loop.Status.Healthy,
            LastError = b.Loop.Status.LastError,
        }).ToArray();

    public IReadOnlyList<ActiveBinding> BindingsOf(string function) =>
        Bindings.Where(b => string.Equals(b.Function, function, StringComparison.Ordinal)).ToArray();

    /// <summary>Async invocations of the function running now.</summary>
    public int InFlight(string function) =>
        _snapshot.Functions.FirstOrDefault(f => f.Poller.FunctionName == function)?.Poller.InFlight ?? 0;

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
        _loop = new PollingLoop(new Reconciler(this), time, options, loggerFactory.CreateLogger<PollingLoop>());
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
        // Stop receiving everywhere first, then let running invocations finish.
        await Task.WhenAll(_functions.Values.Select(f => f.StopAsync())
            .Concat(_bindings.Values.Select(b => b.StopAsync()))).ConfigureAwait(false);

        var draining = _functions.Values.Select(f => f.Poller).Concat(_retired).Where(p => p.InFlight > 0).ToArray();
        if (draining.Length > 0)
        {
            LogDraining(_logger, draining.Sum(p => p.InFlight));
            await Task.WhenAll(draining.Select(p => p.WhenIdleAsync(CancellationToken.None))).ConfigureAwait(false);
        }

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

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        // Remember the signals before reading: a change during the reconcile wakes the next wait.
        _notificationsVersion = feed.NotificationsChanged.Version;
        _catalogVersion = catalog.Changed.Version;
        await ReconcileFunctionsAsync(cancellationToken).ConfigureAwait(false);
        await ReconcileBindingsAsync(cancellationToken).ConfigureAwait(false);
        Publish();
        await TrimJournalAsync(cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    /// <summary>Until a notification configuration or the catalog changes, or the next trim is due.</summary>
    private async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notifications = feed.NotificationsChanged.WaitAsync(_notificationsVersion, options.JournalTrimInterval, time, either.Token);
        var functions = catalog.Changed.WaitAsync(_catalogVersion, Timeout.InfiniteTimeSpan, time, either.Token);
        await Task.WhenAny(notifications, functions).ConfigureAwait(false);
        await either.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

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
                loggerFactory.CreateLogger<AsyncInvocationPoller>());
            _functions[name] = Start(poller, cancellationToken);
            LogFunctionStarted(_logger, name, definition.Concurrency);
        }
    }

    private async Task ReconcileBindingsAsync(CancellationToken cancellationToken)
    {
        var desired = new Dictionary<string, StorageBinding>(StringComparer.Ordinal);
        foreach (var notification in feed.ListNotificationConfigurations())
        {
            foreach (var configuration in notification.Configuration.LambdaFunctionConfigurations)
            {
                if (StorageBinding.TryCreate(notification.Bucket, configuration, out var binding))
                    desired[binding!.Id] = binding;
                else if (_reportedInvalid.Add(StorageBinding.BindingId(notification.Bucket, configuration.Id)))
                    LogInvalidFunctionArn(_logger, notification.Bucket, configuration.Id, configuration.FunctionArn);
            }
        }

        foreach (var (id, running) in _bindings.ToArray())
        {
            if (desired.TryGetValue(id, out var binding) && binding.IsEquivalentTo(running.Poller.Binding))
                continue;

            await running.StopAsync().ConfigureAwait(false);
            _bindings.Remove(id);
            if (binding is null)
            {
                // Gone from the configuration: if it is configured again later, it starts afresh
                // at the head, like a new configuration in S3.
                await checkpoints.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
                LogBindingStopped(_logger, id);
            }
        }

        foreach (var (id, binding) in desired)
        {
            if (_bindings.ContainsKey(id))
                continue;

            // Events must be durable even while the function is not (yet) in the catalog: they
            // wait on its queue.
            await queue.EnsureExistsAsync(binding.FunctionName, cancellationToken).ConfigureAwait(false);
            if (!_functions.ContainsKey(binding.FunctionName))
                LogFunctionMissing(_logger, id, binding.FunctionName);

            var poller = new StoragePoller(binding, feed, queue, checkpoints, _context, options, time);
            await poller.InitializeAsync(cancellationToken).ConfigureAwait(false);
            _bindings[id] = Start(poller, cancellationToken);
            LogBindingStarted(_logger, id, binding.FunctionName, poller.Position);
        }

        // Cursors of bindings removed while the platform was down.
        foreach (var id in checkpoints.ReadAll("s3:").Keys)
        {
            if (!desired.ContainsKey(id))
                await checkpoints.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TrimJournalAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _lastTrim < options.JournalTrimInterval)
            return;

        // Every binding is known and initialized here (reconcile just ran), so nothing needs an
        // entry before the slowest cursor; with no binding at all, new ones start at the head.
        var upTo = _bindings.Count == 0 ? feed.LatestSequence : _bindings.Values.Min(b => b.Poller.Position);
        // A configuration put since the reconcile has no poller yet but owns the changes after
        // its activation point: keep those for it.
        foreach (var notification in feed.ListNotificationConfigurations())
        {
            foreach (var configuration in notification.Configuration.LambdaFunctionConfigurations)
            {
                if (configuration.ActiveFromSequence is { } from &&
                    !_bindings.ContainsKey(StorageBinding.BindingId(notification.Bucket, configuration.Id)))
                    upTo = Math.Min(upTo, from);
            }
        }

        _lastTrim = time.GetUtcNow();
        if (upTo <= _trimmedTo)
            return;

        await feed.TrimJournalAsync(upTo, cancellationToken).ConfigureAwait(false);
        _trimmedTo = upTo;
        LogJournalTrimmed(_logger, upTo);
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
            _snapshot = new Snapshot(_functions.Values.ToArray(), _bindings.Values.ToArray(), _retired.ToArray());
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
        IReadOnlyList<AsyncInvocationPoller> Retired)
    {
        public static Snapshot Empty { get; } = new([], [], []);
    }

    /// <summary>The supervisor's own step on the polling loop.</summary>
    private sealed class Reconciler(TriggerSupervisor owner) : IPoller
    {
        public string Name => "triggers";

        public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
        {
            await owner.ReconcileAsync(cancellationToken).ConfigureAwait(false);
            return PollResult.Idle;
        }

        public Task WaitForWorkAsync(CancellationToken cancellationToken) => owner.WaitForChangeAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Async invocations of {Function} started (concurrency {Concurrency})")]
    private static partial void LogFunctionStarted(ILogger logger, string function, int concurrency);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Async invocations of {Function} stopped: it left the catalog")]
    private static partial void LogFunctionStopped(ILogger logger, string function);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Trigger {BindingId} → {Function} started at journal position {Position}")]
    private static partial void LogBindingStarted(ILogger logger, string bindingId, string function, long position);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Trigger {BindingId} stopped: its configuration was removed")]
    private static partial void LogBindingStopped(ILogger logger, string bindingId);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Notification configuration {ConfigurationId} of bucket {Bucket} names {FunctionArn}, which is not a Lambda function ARN; it is ignored")]
    private static partial void LogInvalidFunctionArn(ILogger logger, string bucket, string configurationId, string functionArn);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Trigger {BindingId} targets {Function}, which is not a configured function; its events wait on the function's queue until it is")]
    private static partial void LogFunctionMissing(ILogger logger, string bindingId, string function);

    [LoggerMessage(EventId = 306, Level = LogLevel.Debug, Message = "Storage journal trimmed up to {Position}")]
    private static partial void LogJournalTrimmed(ILogger logger, long position);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "Waiting for {InFlight} running invocations before stopping")]
    private static partial void LogDraining(ILogger logger, int inFlight);
}
