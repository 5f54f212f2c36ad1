namespace Platform.Host.Configuration;

/// <summary>An S3 trigger from platform.yaml: it becomes an entry of the bucket's notification
/// configuration, exactly as if PutBucketNotificationConfiguration had set it. A function's
/// `- s3:` trigger names its <see cref="Function"/>; a bucket's `notifications:` name a queue or a
/// topic (by ARN) or turn EventBridge on (then Function is empty).</summary>
public sealed record S3TriggerDeclaration
{
    public required string Function { get; init; }

    /// <summary>A QueueConfiguration's queue ARN.</summary>
    public string? QueueArn { get; init; }

    /// <summary>A TopicConfiguration's topic ARN.</summary>
    public string? TopicArn { get; init; }

    /// <summary>The bucket's EventBridgeConfiguration (no events or filter of its own).</summary>
    public bool EventBridge { get; init; }

    /// <summary>What the reload log shows it feeds.</summary>
    public string Target => QueueArn ?? TopicArn ?? (EventBridge ? "EventBridge" : Function);
    public required string Bucket { get; init; }
    public required string Id { get; init; }
    public required IReadOnlyList<string> Events { get; init; }
    public string? Prefix { get; init; }
    public string? Suffix { get; init; }

    /// <summary>Where in the file it was declared, for error messages.</summary>
    public int Line { get; init; }
}
