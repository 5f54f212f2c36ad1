namespace Platform.Emulators.Storage.Engine;

/// <summary>What a PUT (or browser POST) says about the object it uploads.</summary>
public sealed record PutObjectRequest(string Bucket, string Key)
{
    public ObjectMetadata Metadata { get; init; } = ObjectMetadata.Empty;

    /// <summary>The declared length (Content-Length or x-amz-decoded-content-length), checked against
    /// the limit before any byte is read and against what actually arrives.</summary>
    public long? ContentLength { get; init; }

    /// <summary>The decoded Content-MD5, verified after the body arrived (BadDigest).</summary>
    public byte[]? ContentMd5 { get; init; }

    /// <summary>ObjectCreated:Put, or ObjectCreated:Post for browser form uploads.</summary>
    public string EventName { get; init; } = S3EventTypes.ObjectCreatedPut;
}
