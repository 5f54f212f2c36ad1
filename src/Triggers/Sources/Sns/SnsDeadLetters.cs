using Microsoft.Extensions.Logging;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Topics.Engine;

namespace Platform.Triggers.Sources.Sns;

/// <summary>A delivery SNS gives up on goes to the subscription's RedrivePolicy queue — the message
/// as the subscription would have received it, envelope or raw, with its attributes — or, without
/// one, is dropped and logged, as SNS drops it.</summary>
public sealed partial class SnsDeadLetters(IQueuePort queues, ITopicDeliveryFeed feed, ILogger<SnsDeadLetters> logger)
{
    public async Task SendAsync(Subscription subscription, PublishedMessage message, string error, CancellationToken cancellationToken)
    {
        if (subscription.DeadLetterTargetArn is not { } target)
        {
            LogDiscarded(logger, message.MessageId, subscription.Arn, error);
            return;
        }

        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in message.MessageAttributes)
            attributes[name] = new MessageAttributeValue { DataType = value.DataType, StringValue = value.StringValue, BinaryValue = value.BinaryValue };
        var body = subscription.RawMessageDelivery
            ? SnsMessageFormat.MessageFor(message, subscription.Protocol)
            : SnsMessageFormat.Envelope(feed.Options, message, subscription.Protocol, subscription.Arn);
        try
        {
            var queue = queues.ResolveQueueName(target);
            var fifo = queues.GetReceiveSettings(queue).Fifo;
            await queues.SendMessageAsync(queue, new OutgoingMessage
            {
                Body = body,
                MessageAttributes = attributes.Count <= 10 ? attributes : new Dictionary<string, MessageAttributeValue>(),
                MessageGroupId = message.MessageGroupId,
                MessageDeduplicationId = fifo ? message.MessageDeduplicationId ?? message.MessageId : null,
            }, cancellationToken).ConfigureAwait(false);
            LogDeadLettered(logger, message.MessageId, subscription.Arn, target, error);
        }
        catch (QueueException queueError)
        {
            LogDeadLetterFailed(logger, message.MessageId, subscription.Arn, target, queueError.Message);
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "SNS message {MessageId} to {Subscription} dropped (no RedrivePolicy): {Error}")]
    private static partial void LogDiscarded(ILogger logger, string messageId, string subscription, string error);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "SNS message {MessageId} to {Subscription} sent to its dead-letter queue {Target}: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, string subscription, string target, string error);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error, Message = "SNS message {MessageId} to {Subscription} dropped: its dead-letter queue {Target} refused it ({Error})")]
    private static partial void LogDeadLetterFailed(ILogger logger, string messageId, string subscription, string target, string error);
}
