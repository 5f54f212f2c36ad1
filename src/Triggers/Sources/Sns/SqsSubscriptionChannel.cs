using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Topics.Engine;

namespace Platform.Triggers.Sources.Sns;

/// <summary>SNS → SQS: the envelope as the body, or with RawMessageDelivery the message itself with
/// its attributes as SQS message attributes. A FIFO topic's group and deduplication ids go to a
/// FIFO queue, so the queue keeps the topic's order per group and drops its duplicates.</summary>
public sealed class SqsSubscriptionChannel(IQueuePort queues, ITopicDeliveryFeed feed) : ISnsSubscriptionChannel
{
    public string Protocol => "sqs";

    public async Task<SnsDeliveryOutcome> DeliverAsync(Subscription subscription, PublishedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var queue = queues.ResolveQueueName(subscription.Endpoint);
            await queues.SendMessageAsync(queue, Build(subscription, message, queues.GetReceiveSettings(queue).Fifo), cancellationToken).ConfigureAwait(false);
            return SnsDeliveryOutcome.Success;
        }
        catch (QueueException error)
        {
            return SnsDeliveryOutcome.Rejected($"{error.Code}: {error.Message}");
        }
    }

    internal OutgoingMessage Build(Subscription subscription, PublishedMessage message, bool fifoQueue)
    {
        var raw = subscription.RawMessageDelivery;
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        if (raw)
        {
            foreach (var (name, value) in message.MessageAttributes)
                attributes[name] = new MessageAttributeValue { DataType = value.DataType, StringValue = value.StringValue, BinaryValue = value.BinaryValue };
        }

        return new OutgoingMessage
        {
            Body = raw ? SnsMessageFormat.MessageFor(message, Protocol) : SnsMessageFormat.Envelope(feed.Options, message, Protocol, subscription.Arn),
            MessageAttributes = attributes,
            MessageGroupId = message.MessageGroupId,
            MessageDeduplicationId = fifoQueue ? message.MessageDeduplicationId ?? message.MessageId : null,
        };
    }
}
