using Platform.Emulators.Topics.Engine;

namespace Platform.Triggers.Sources.Sns;

/// <summary>Delivers a notification to one protocol's endpoints (sqs, lambda). Returns once the
/// delivery is durable at its destination; throws on a transient failure.</summary>
public interface ISnsSubscriptionChannel
{
    string Protocol { get; }

    Task<SnsDeliveryOutcome> DeliverAsync(Subscription subscription, PublishedMessage message, CancellationToken cancellationToken);
}
