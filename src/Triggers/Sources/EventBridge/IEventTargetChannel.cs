using Platform.Emulators.Events.Engine;

namespace Platform.Triggers.Sources.EventBridge;

/// <summary>
/// How deliveries reach one kind of target, chosen by the service in the target's ARN
/// (<c>lambda</c>, <c>sqs</c>, …). Another module adds a kind by registering its channel
/// (<c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IEventTargetChannel, …&gt;())</c>), e.g.
/// SNS topics.
/// </summary>
public interface IEventTargetChannel
{
    /// <summary>The ARN service this channel serves.</summary>
    string Service { get; }

    /// <summary>Returns once the target has the payload durably; throws <see cref="EventDeliveryException"/>
    /// (or anything else) when it could not take it, and the delivery is retried per its policy.</summary>
    Task DeliverAsync(OutboxEntry delivery, CancellationToken cancellationToken);
}
