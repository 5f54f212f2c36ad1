namespace Platform.Emulators.Topics.Engine;

/// <summary>The topic attributes SNS accepts in CreateTopic/SetTopicAttributes.</summary>
internal static class TopicAttributeNames
{
    public const string DisplayName = "DisplayName";
    public const string Policy = "Policy";
    public const string DeliveryPolicy = "DeliveryPolicy";
    public const string FifoTopic = "FifoTopic";
    public const string ContentBasedDeduplication = "ContentBasedDeduplication";
    public const string SignatureVersion = "SignatureVersion";
    public const string FifoThroughputScope = "FifoThroughputScope";

    /// <summary>Accepted and stored as given (feedback roles, KMS, tracing, archive): they change
    /// nothing a local platform does, but a template that sets them must work.</summary>
    public static readonly HashSet<string> Settable = new(StringComparer.Ordinal)
    {
        DisplayName, Policy, DeliveryPolicy, ContentBasedDeduplication, SignatureVersion, FifoThroughputScope,
        "KmsMasterKeyId", "TracingConfig", "ArchivePolicy", "DataProtectionPolicy",
        "HTTPSuccessFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate", "HTTPFailureFeedbackRoleArn",
        "LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate", "LambdaFailureFeedbackRoleArn",
        "SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate", "SQSFailureFeedbackRoleArn",
        "FirehoseSuccessFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate", "FirehoseFailureFeedbackRoleArn",
        "ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate", "ApplicationFailureFeedbackRoleArn",
    };

    /// <summary>CreateTopic also takes FifoTopic; SetTopicAttributes cannot change it.</summary>
    public static bool IsCreatable(string name) => name == FifoTopic || Settable.Contains(name);
}
