using System.Text.Json.Serialization;

namespace Platform.Emulators.Storage.Engine;

/// <summary>One entry of a bucket's QueueConfigurations: the selected events are sent to an SQS queue,
/// one <c>{"Records":[…]}</c> message per event.</summary>
public sealed record QueueConfiguration : NotificationEntry
{
    public required string QueueArn { get; init; }

    [JsonIgnore]
    public override string DestinationArn => QueueArn;
}
