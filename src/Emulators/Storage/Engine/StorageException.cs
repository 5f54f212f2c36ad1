using Platform.Emulators.Edge;

namespace Platform.Emulators.Storage.Engine;

/// <summary>An S3 error: the code and status are what S3 answers, so the wire layer only renders it.</summary>
public sealed class StorageException(string code, string message, int httpStatus, IReadOnlyDictionary<string, string>? details = null)
    : EdgeException(code, message, httpStatus)
{
    public int HttpStatus => Status;

    /// <summary>Extra elements of S3's error document (BucketName, Key, UploadId, ArgumentName…).</summary>
    public IReadOnlyDictionary<string, string> Details { get; } = details ?? new Dictionary<string, string>();
}
