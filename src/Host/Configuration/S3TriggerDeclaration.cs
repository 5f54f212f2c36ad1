namespace Platform.Host.Configuration;

/// <summary>An S3 trigger from platform.yaml: it becomes an entry of the bucket's notification
/// configuration, exactly as if PutBucketNotificationConfiguration had set it.</summary>
public sealed record S3TriggerDeclaration
{
    public required string Function { get; init; }
    public required string Bucket { get; init; }
    public required string Id { get; init; }
    public required IReadOnlyList<string> Events { get; init; }
    public string? Prefix { get; init; }
    public string? Suffix { get; init; }

    /// <summary>Where in the file it was declared, for error messages.</summary>
    public int Line { get; init; }
}
