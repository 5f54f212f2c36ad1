using Platform.Emulators.Edge;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues.Engine;

namespace Platform.Triggers.Sources.EventBridge;

/// <summary>An SQS target: the payload is the message body. A FIFO queue gets the target's
/// SqsParameters.MessageGroupId and a deduplication id fixed per event and target, so a redelivery after a crash
/// is dropped by the queue's own deduplication.</summary>
public sealed class SqsTargetChannel(IQueuePort queues) : IEventTargetChannel
{
    public string Service => "sqs";

    public async Task DeliverAsync(OutboxEntry delivery, CancellationToken cancellationToken)
    {
        var queue = queues.ResolveQueueName(delivery.Target.Arn);
        if (!queues.QueueExists(queue))
            throw new EventDeliveryException("ResourceNotFoundException", $"The specified queue does not exist: {delivery.Target.Arn}");
        var fifo = queue.EndsWith(".fifo", StringComparison.Ordinal);
        try
        {
            await queues.SendMessageAsync(queue, new OutgoingMessage
            {
                Body = delivery.Payload,
                MessageGroupId = delivery.Target.MessageGroupId,
                MessageDeduplicationId = fifo ? $"{delivery.EventId}-{delivery.Id}" : null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (EdgeException e)
        {
            throw new EventDeliveryException(e.Code, e.Message);
        }
    }
}
