namespace Platform.Emulators.Storage.Engine;

/// <summary>The event types S3 accepts in a notification configuration, wildcards included.</summary>
public static class S3EventTypes
{
    public const string ObjectCreatedPut = "ObjectCreated:Put";
    public const string ObjectCreatedPost = "ObjectCreated:Post";
    public const string ObjectCreatedCopy = "ObjectCreated:Copy";
    public const string ObjectCreatedCompleteMultipartUpload = "ObjectCreated:CompleteMultipartUpload";
    public const string ObjectRemovedDelete = "ObjectRemoved:Delete";

    private static readonly HashSet<string> Valid = new(StringComparer.Ordinal)
    {
        "s3:ReducedRedundancyLostObject",
        "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy",
        "s3:ObjectCreated:CompleteMultipartUpload",
        "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
        "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
        "s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationNotTracked",
        "s3:Replication:OperationMissedThreshold", "s3:Replication:OperationReplicatedAfterThreshold",
        "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated",
        "s3:LifecycleTransition", "s3:IntelligentTiering",
        "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete",
        "s3:ObjectAcl:Put",
    };

    public static bool IsValid(string eventType) => Valid.Contains(eventType);

    /// <summary>Do two selectors select a common event type? <c>s3:ObjectCreated:*</c> shares with
    /// <c>s3:ObjectCreated:Put</c>.</summary>
    public static bool Share(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
            return true;
        if (a.EndsWith('*') && b.StartsWith(a[..^1], StringComparison.Ordinal))
            return true;
        return b.EndsWith('*') && a.StartsWith(b[..^1], StringComparison.Ordinal);
    }
}
