using System.Text.Json.Serialization;

namespace Platform.Emulators.Storage.Engine;

/// <summary>One entry of a bucket's TopicConfigurations: the selected events are published to an SNS
/// topic (Subject "Amazon S3 Notification", Message the <c>{"Records":[…]}</c> JSON).</summary>
public sealed record TopicConfiguration : NotificationEntry
{
    public required string TopicArn { get; init; }

    [JsonIgnore]
    public override string DestinationArn => TopicArn;
}
