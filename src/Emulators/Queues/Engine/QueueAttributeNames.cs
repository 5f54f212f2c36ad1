namespace Platform.Emulators.Queues.Engine;

/// <summary>SQS's queue attribute names.</summary>
public static class QueueAttributeNames
{
    public const string All = "All";
    public const string VisibilityTimeout = "VisibilityTimeout";
    public const string DelaySeconds = "DelaySeconds";
    public const string MaximumMessageSize = "MaximumMessageSize";
    public const string MessageRetentionPeriod = "MessageRetentionPeriod";
    public const string ReceiveMessageWaitTimeSeconds = "ReceiveMessageWaitTimeSeconds";
    public const string RedrivePolicy = "RedrivePolicy";
    public const string RedriveAllowPolicy = "RedriveAllowPolicy";
    public const string Policy = "Policy";
    public const string KmsMasterKeyId = "KmsMasterKeyId";
    public const string KmsDataKeyReusePeriodSeconds = "KmsDataKeyReusePeriodSeconds";
    public const string SqsManagedSseEnabled = "SqsManagedSseEnabled";
    public const string FifoQueue = "FifoQueue";
    public const string ContentBasedDeduplication = "ContentBasedDeduplication";
    public const string DeduplicationScope = "DeduplicationScope";
    public const string FifoThroughputLimit = "FifoThroughputLimit";

    public const string QueueArn = "QueueArn";
    public const string ApproximateNumberOfMessages = "ApproximateNumberOfMessages";
    public const string ApproximateNumberOfMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible";
    public const string ApproximateNumberOfMessagesDelayed = "ApproximateNumberOfMessagesDelayed";
    public const string CreatedTimestamp = "CreatedTimestamp";
    public const string LastModifiedTimestamp = "LastModifiedTimestamp";

    /// <summary>Attributes GetQueueAttributes computes; they cannot be set.</summary>
    public static IReadOnlyList<string> ReadOnly { get; } =
    [
        QueueArn, ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible,
        ApproximateNumberOfMessagesDelayed, CreatedTimestamp, LastModifiedTimestamp,
    ];
}
