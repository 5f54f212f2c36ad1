namespace Platform.Emulators.Storage.Engine;

/// <summary>
/// Writes an object as PutObject does, for the platform's own producers (Lambda's on-failure
/// records in an S3 bucket), as <c>IQueuePort</c>, <c>ITopicPort</c> and <c>IEventBusPort</c> are for the
/// other services: returns once the object and its journal entry are committed, so the caller may
/// acknowledge its own source then. A missing bucket throws <see cref="StorageException"/> NoSuchBucket.
/// </summary>
public interface IObjectStorePort
{
    bool BucketExists(string bucket);

    Task<ObjectInfo> PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken);
}
