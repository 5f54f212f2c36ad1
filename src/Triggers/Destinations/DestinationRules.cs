namespace Platform.Triggers.Destinations;

/// <summary>Which destination kinds each place accepts, as AWS documents them (API_OnSuccess,
/// API_OnFailure, API_FunctionEventInvokeConfig): async on-success — SQS, SNS, Lambda, EventBridge;
/// async on-failure — those and S3; a Kinesis or DynamoDB mapping's on-failure — SQS, SNS and S3.</summary>
public static class DestinationRules
{
    public static IReadOnlySet<DestinationKind> AsyncOnSuccess { get; } = new HashSet<DestinationKind>
    {
        DestinationKind.Queue, DestinationKind.Topic, DestinationKind.Function, DestinationKind.EventBus,
    };

    public static IReadOnlySet<DestinationKind> AsyncOnFailure { get; } = new HashSet<DestinationKind>
    {
        DestinationKind.Queue, DestinationKind.Topic, DestinationKind.Function, DestinationKind.EventBus, DestinationKind.Bucket,
    };

    public static IReadOnlySet<DestinationKind> StreamOnFailure { get; } = new HashSet<DestinationKind>
    {
        DestinationKind.Queue, DestinationKind.Topic, DestinationKind.Bucket,
    };

    /// <summary>Whether <paramref name="arn"/> is an ARN of a kind in <paramref name="allowed"/>.</summary>
    public static bool Accepts(string arn, IReadOnlySet<DestinationKind> allowed) =>
        DestinationArn.TryParse(arn) is { } parsed && allowed.Contains(parsed.Kind);
}
