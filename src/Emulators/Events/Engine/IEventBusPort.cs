namespace Platform.Emulators.Events.Engine;

/// <summary>
/// Puts events onto a bus as PutEvents does, for the platform's own producers (S3's
/// EventBridgeConfiguration, Lambda destinations): returns once every matched delivery is durable
/// in the outbox, so the caller may acknowledge its own source then.
/// </summary>
public interface IEventBusPort
{
    /// <summary>Each entry's result, in order: an event id, or the error PutEvents would report.</summary>
    Task<IReadOnlyList<PutEventResult>> PutEventsAsync(IReadOnlyList<EventEntry> entries, CancellationToken cancellationToken);
}
