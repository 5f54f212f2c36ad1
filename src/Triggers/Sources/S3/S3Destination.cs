namespace Platform.Triggers.Sources.S3;

/// <summary>Where a bucket notification goes: a function (through its async queue), an SQS queue, an
/// SNS topic or the default EventBridge bus. <see cref="Name"/> is the function name or the ARN.</summary>
public sealed record S3Destination(S3DestinationKind Kind, string Name)
{
    public static S3Destination Function(string name) => new(S3DestinationKind.Function, name);

    public static S3Destination EventBus { get; } = new(S3DestinationKind.EventBus, "default");
}

public enum S3DestinationKind
{
    Function,
    Queue,
    Topic,
    EventBus,
}
