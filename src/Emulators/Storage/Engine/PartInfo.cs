namespace Platform.Emulators.Storage.Engine;

/// <summary>An uploaded part. <see cref="ETag"/> is unquoted.</summary>
public sealed record PartInfo(int PartNumber, long Size, string ETag, DateTimeOffset LastModified);
