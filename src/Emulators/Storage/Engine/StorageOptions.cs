namespace Platform.Emulators.Storage.Engine;

/// <summary>The S3 emulator's identity and limits. Limits default to S3's; tests may lower them.</summary>
public sealed record StorageOptions
{
    public string Region { get; init; } = "us-east-1";
    public string OwnerId { get; init; } = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
    public string OwnerDisplayName { get; init; } = "platform";
    public string AccountId { get; init; } = "000000000000";

    public int MaxKeyBytes { get; init; } = 1024;
    public long MaxObjectSize { get; init; } = 5L * 1024 * 1024 * 1024;
    public long MaxPartSize { get; init; } = 5L * 1024 * 1024 * 1024;
    public long MinPartSize { get; init; } = 5L * 1024 * 1024;
    public int MaxParts { get; init; } = 10_000;
    public int MaxUserMetadataBytes { get; init; } = 2 * 1024;

    /// <summary>Bodies of a declared length up to this size are stored in the database, in the commit
    /// that stores the object row: no temp file, rename or directory entry per small object, and the
    /// body is exactly as durable as its metadata. Larger (or unknown-length) bodies are files.</summary>
    public int MaxInlineBodySize { get; init; } = 64 * 1024;
}
