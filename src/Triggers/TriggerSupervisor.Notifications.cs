using Microsoft.Extensions.Logging;
using Platform.Triggers.Sources.S3;

namespace Platform.Triggers;

/// <summary>S3 notifications: one <see cref="StoragePoller"/> per entry of a bucket's notification
/// configuration (function, queue, topic) and one for its EventBridgeConfiguration, each feeding its
/// destination through <see cref="S3NotificationTargets"/>; the journal is trimmed to the slowest cursor.</summary>
public sealed partial class TriggerSupervisor
{
    private readonly S3EventContext _context = new(options.Region, options.AccountId);
    private readonly Dictionary<string, Running<StoragePoller>> _bindings = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedInvalid = new(StringComparer.Ordinal);
    private long _trimmedTo = -1;
    private DateTimeOffset _lastTrim = DateTimeOffset.MinValue;

    /// <summary>Every storage binding feeding a function now (queue, topic and bus bindings are in
    /// <see cref="Health"/>).</summary>
    public IReadOnlyList<ActiveBinding> Bindings =>
        _snapshot.Bindings.Where(b => b.Poller.Binding.Destination.Kind == S3DestinationKind.Function).Select(b => new ActiveBinding
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

    private async Task ReconcileBindingsAsync(CancellationToken cancellationToken)
    {
        var desired = new Dictionary<string, StorageBinding>(StringComparer.Ordinal);
        foreach (var notification in feed.ListNotificationConfigurations())
        {
            foreach (var binding in StorageBinding.AllOf(notification, invalid =>
                     {
                         if (_reportedInvalid.Add(StorageBinding.BindingId(notification.Bucket, invalid.Id)))
                             LogInvalidFunctionArn(_logger, notification.Bucket, invalid.Id, invalid.DestinationArn);
                     }))
                desired[binding.Id] = binding;
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

            if (binding.Destination.Kind == S3DestinationKind.Function)
            {
                // Events must be durable even while the function is not (yet) in the catalog: they
                // wait on its queue.
                await queue.EnsureExistsAsync(binding.FunctionName, cancellationToken).ConfigureAwait(false);
                if (!_functions.ContainsKey(binding.FunctionName))
                    LogFunctionMissing(_logger, id, binding.FunctionName);
            }

            var poller = new StoragePoller(binding, feed, S3Targets, checkpoints, _context, options, time);
            await poller.InitializeAsync(cancellationToken).ConfigureAwait(false);
            _bindings[id] = Start(poller, cancellationToken);
            LogBindingStarted(_logger, id, binding.Destination.Name, poller.Position);
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
            foreach (var binding in StorageBinding.AllOf(notification, _ => { }))
            {
                if (binding.Configuration.ActiveFromSequence is { } from && !_bindings.ContainsKey(binding.Id))
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
}
