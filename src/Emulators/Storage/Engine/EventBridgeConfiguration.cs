namespace Platform.Emulators.Storage.Engine;

/// <summary>A bucket's EventBridgeConfiguration: every object event goes to the default event bus.
/// It has no Id, events or filter in S3's API; rules on the bus select.</summary>
public sealed record EventBridgeConfiguration
{
    /// <summary>As <see cref="NotificationEntry.ActiveFromSequence"/>: stamped when first stored.</summary>
    public long? ActiveFromSequence { get; init; }
}
