namespace Platform.Emulators.Storage.Engine;

public sealed record MultipartUploadInfo(string UploadId, string Bucket, string Key, DateTimeOffset Initiated, ObjectMetadata Metadata);
