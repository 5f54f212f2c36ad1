using Platform.Emulators.Storage.Engine;

namespace Platform.Triggers.Sources.S3;

/// <summary>What an EventBridgeConfiguration selects: every object event of the bucket, no filter —
/// the bus's rules do the selecting.</summary>
public sealed record BusSelection : NotificationEntry
{
    public override string DestinationArn => "default";

    public static BusSelection From(EventBridgeConfiguration configuration) => new()
    {
        Id = "eventbridge",
        Events = ["s3:*"],
        ActiveFromSequence = configuration.ActiveFromSequence,
    };
}
