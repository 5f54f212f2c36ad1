namespace Platform.Emulators.Storage.Engine;

/// <summary>A stored object's row. <see cref="ETag"/> is unquoted.</summary>
public sealed record ObjectInfo(
    string Bucket,
    string Key,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    ObjectMetadata Metadata);
