using Microsoft.Extensions.Logging;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Storage.Engine;
using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Sources.Async;

namespace Platform.Triggers.Sources.S3;

/// <summary>
/// Hands one selected change to its binding's destination and returns only once it is durable there:
/// a function's async queue, an SQS queue (one <c>{"Records":[…]}</c> message per event), an SNS
/// topic (Subject "Amazon S3 Notification") or the default bus (S3's EventBridge event). The storage
/// poller moves its cursor only after these returned, so the change journal is the one outbox for every
/// destination kind. A queue or topic that no longer exists gets nothing, as in S3 (logged).
/// </summary>
public sealed partial class S3NotificationTargets(
    AsyncInvocationQueue functions,
    IQueuePort queues,
    ITopicPort? topics,
    IEventBusPort? bus,
    ILogger<S3NotificationTargets> logger)
{
    public const string TopicSubject = "Amazon S3 Notification";

    public async Task DeliverAsync(StorageBinding binding, StorageChange change, S3EventContext context, CancellationToken cancellationToken)
    {
        var destination = binding.Destination;
        switch (destination.Kind)
        {
            case S3DestinationKind.Function:
                await functions.EnqueueAsync(destination.Name, new AsyncEvent
                {
                    RequestId = Guid.NewGuid().ToString(),
                    Payload = S3EventRecordBuilder.Build(change, binding.Configuration.Id, context),
                    Trigger = binding.Trigger,
                    ConfigurationId = binding.Configuration.Id,
                }, cancellationToken).ConfigureAwait(false);
                break;

            case S3DestinationKind.Queue:
                if (TryResolveQueue(queues, destination.Name) is not { } queue)
                {
                    LogDestinationGone(logger, binding.Id, destination.Name, change.Sequence);
                    return;
                }

                await queues.SendMessageAsync(queue, new OutgoingMessage
                {
                    Body = S3EventRecordBuilder.Build(change, binding.Configuration.Id, context),
                }, cancellationToken).ConfigureAwait(false);
                break;

            case S3DestinationKind.Topic:
                var port = topics ?? throw new InvalidOperationException("This host has no SNS emulator for S3 topic notifications.");
                if (!port.TopicExists(destination.Name))
                {
                    LogDestinationGone(logger, binding.Id, destination.Name, change.Sequence);
                    return;
                }

                await port.PublishAsync(destination.Name, new PublishRequest
                {
                    Message = S3EventRecordBuilder.Build(change, binding.Configuration.Id, context),
                    Subject = TopicSubject,
                }, cancellationToken).ConfigureAwait(false);
                break;

            case S3DestinationKind.EventBus:
                var events = bus ?? throw new InvalidOperationException("This host has no EventBridge emulator for S3 EventBridge notifications.");
                var results = await events.PutEventsAsync([S3EventBridgeEvent.Build(change, context)], cancellationToken).ConfigureAwait(false);
                // An entry error is deterministic (the event itself is refused): retrying cannot help.
                if (results[0].Failed)
                    LogBusRefused(logger, binding.Id, change.Sequence, results[0].ErrorCode!, results[0].ErrorMessage ?? "");
                break;
        }
    }

    /// <summary>The queue's name, or null when it does not exist (or is FIFO, which S3 cannot target).</summary>
    public static string? TryResolveQueue(IQueuePort queues, string arn)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
            return null;
        try
        {
            var name = queues.ResolveQueueName(arn);
            return queues.GetReceiveSettings(name).Fifo ? null : name;
        }
        catch (QueueException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Trigger {BindingId}: destination {Destination} does not exist; the event at journal position {Sequence} is dropped, as S3 drops it")]
    private static partial void LogDestinationGone(ILogger logger, string bindingId, string destination, long sequence);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Trigger {BindingId}: the event bus refused the event at journal position {Sequence}: {Code} {Message}")]
    private static partial void LogBusRefused(ILogger logger, string bindingId, long sequence, string code, string message);
}
