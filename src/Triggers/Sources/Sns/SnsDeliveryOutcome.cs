namespace Platform.Triggers.Sources.Sns;

/// <summary>How one delivery to one subscription ended. A transient failure (disk full, a platform
/// fault) is not an outcome: the channel throws and the whole outbox row is tried again.</summary>
public sealed record SnsDeliveryOutcome(bool Delivered, string? Error)
{
    public static readonly SnsDeliveryOutcome Success = new(true, null);

    /// <summary>A client-side error (the queue or function does not exist, the endpoint refused it):
    /// SNS does not retry these; the message goes to the subscription's dead-letter queue, if any.</summary>
    public static SnsDeliveryOutcome Rejected(string error) => new(false, error);
}
