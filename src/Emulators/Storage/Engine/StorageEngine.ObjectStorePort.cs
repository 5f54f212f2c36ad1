namespace Platform.Emulators.Storage.Engine;

public sealed partial class StorageEngine : IObjectStorePort
{
    public bool BucketExists(string bucket) => FindBucket(bucket) is not null;

    // The same path as a client's PUT (notifications included: an S3 trigger on the bucket sees it).
    Task<ObjectInfo> IObjectStorePort.PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> body, string contentType,
        CancellationToken cancellationToken)
    {
        var stream = new MemoryStream(body.ToArray(), writable: false);
        return PutObjectAsync(new PutObjectRequest(bucket, key)
        {
            ContentLength = body.Length,
            Metadata = new ObjectMetadata { ContentType = contentType },
        }, stream, RequestOrigin.Internal, cancellationToken);
    }
}
