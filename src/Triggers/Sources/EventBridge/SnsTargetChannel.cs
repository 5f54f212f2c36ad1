using Platform.Emulators.Edge;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Topics.Engine;

namespace Platform.Triggers.Sources.EventBridge;

/// <summary>An SNS target: the payload (the event JSON, or the target's Input/InputPath/transformer
/// result) is the published message. A FIFO topic gets the target's MessageGroupId and a
/// deduplication id fixed per event and target, so a redelivery after a crash is dropped by the
/// topic's own deduplication.</summary>
public sealed class SnsTargetChannel(ITopicPort topics) : IEventTargetChannel
{
    public string Service => "sns";

    public async Task DeliverAsync(OutboxEntry delivery, CancellationToken cancellationToken)
    {
        var arn = delivery.Target.Arn;
        if (!topics.TopicExists(arn))
            throw new EventDeliveryException("ResourceNotFoundException", $"Topic does not exist: {arn}");
        var fifo = arn.EndsWith(".fifo", StringComparison.Ordinal);
        try
        {
            await topics.PublishAsync(arn, new PublishRequest
            {
                Message = delivery.Payload,
                MessageGroupId = fifo ? delivery.Target.MessageGroupId : null,
                MessageDeduplicationId = fifo ? $"{delivery.EventId}-{delivery.Id}" : null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (EdgeException e)
        {
            throw new EventDeliveryException(e.Code, e.Message);
        }
    }
}
