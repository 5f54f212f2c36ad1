namespace Platform.Triggers.Destinations;

/// <summary>The services a Lambda destination can be (the ARN's service: sqs, sns, lambda, events, s3).</summary>
public enum DestinationKind
{
    Queue,
    Topic,
    Function,
    EventBus,
    Bucket,
}
