using Platform.Emulators.Storage.Engine;

namespace Platform.Triggers.Sources.S3;

/// <summary>One entry of a bucket's notification configuration — a LambdaFunctionConfiguration,
/// QueueConfiguration, TopicConfiguration, or the EventBridgeConfiguration: which of the bucket's
/// changes go to which destination. Its <see cref="Id"/> names its journal cursor.</summary>
public sealed record StorageBinding(string Bucket, NotificationEntry Configuration, S3Destination Destination)
{
    public StorageBinding(string bucket, LambdaFunctionConfiguration configuration, string functionName)
        : this(bucket, configuration, S3Destination.Function(functionName))
    {
    }

    /// <summary>The function fed, or empty for a queue, topic or bus destination.</summary>
    public string FunctionName => Destination.Kind == S3DestinationKind.Function ? Destination.Name : "";

    // '#' cannot occur in a bucket name, so the EventBridge binding never collides with an entry's.
    public string Id => Destination.Kind == S3DestinationKind.EventBus ? $"s3:{Bucket}#eventbridge" : BindingId(Bucket, Configuration.Id);

    /// <summary>What the invocation log and the async message show as the cause.</summary>
    public string Trigger => "s3:" + Bucket;

    public static string BindingId(string bucket, string configurationId) => $"s3:{bucket}:{configurationId}";

    public static bool TryCreate(string bucket, NotificationEntry configuration, out StorageBinding? binding)
    {
        binding = configuration switch
        {
            LambdaFunctionConfiguration lambda => FunctionArn.TryParseName(lambda.FunctionArn, out var function)
                ? new StorageBinding(bucket, configuration, S3Destination.Function(function))
                : null,
            QueueConfiguration queue => new StorageBinding(bucket, configuration, new S3Destination(S3DestinationKind.Queue, queue.QueueArn)),
            TopicConfiguration topic => new StorageBinding(bucket, configuration, new S3Destination(S3DestinationKind.Topic, topic.TopicArn)),
            _ => null,
        };
        return binding is not null;
    }

    /// <summary>Every binding a bucket's configuration asks for; <paramref name="invalid"/> gets the
    /// entries whose destination cannot be parsed.</summary>
    public static IEnumerable<StorageBinding> AllOf(BucketNotification notification, Action<NotificationEntry> invalid)
    {
        foreach (var entry in notification.Configuration.Entries)
        {
            if (TryCreate(notification.Bucket, entry, out var binding))
                yield return binding!;
            else
                invalid(entry);
        }

        if (notification.Configuration.EventBridge is { } eventBridge)
            yield return new StorageBinding(notification.Bucket, BusSelection.From(eventBridge), S3Destination.EventBus);
    }

    public bool Matches(StorageChange change) =>
        string.Equals(change.Bucket, Bucket, StringComparison.Ordinal) && Configuration.Matches(change);

    /// <summary>Same selection and target?</summary>
    public bool IsEquivalentTo(StorageBinding other) =>
        Bucket == other.Bucket && Destination == other.Destination && Configuration.SelectsLike(other.Configuration);
}
