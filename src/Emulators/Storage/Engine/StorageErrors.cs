namespace Platform.Emulators.Storage.Engine;

/// <summary>S3's error codes, messages and statuses in one place so engine and API agree.</summary>
public static class StorageErrors
{
    public static StorageException NoSuchBucket(string bucket) =>
        new("NoSuchBucket", "The specified bucket does not exist", 404, new Dictionary<string, string> { ["BucketName"] = bucket });

    public static StorageException NoSuchKey(string key) =>
        new("NoSuchKey", "The specified key does not exist.", 404, new Dictionary<string, string> { ["Key"] = key });

    public static StorageException NoSuchUpload(string uploadId) =>
        new("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404,
            new Dictionary<string, string> { ["UploadId"] = uploadId });

    public static StorageException BucketAlreadyOwnedByYou(string bucket) =>
        new("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409,
            new Dictionary<string, string> { ["BucketName"] = bucket });

    public static StorageException BucketNotEmpty(string bucket) =>
        new("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, new Dictionary<string, string> { ["BucketName"] = bucket });

    public static StorageException InvalidBucketName(string bucket) =>
        new("InvalidBucketName", "The specified bucket is not valid.", 400, new Dictionary<string, string> { ["BucketName"] = bucket });

    public static StorageException KeyTooLong(int size, int max) =>
        new("KeyTooLongError", "Your key is too long", 400,
            new Dictionary<string, string> { ["Size"] = size.ToString(), ["MaxSizeAllowed"] = max.ToString() });

    public static StorageException EntityTooLarge(long size, long max) =>
        new("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400,
            new Dictionary<string, string> { ["ProposedSize"] = size.ToString(), ["MaxSizeAllowed"] = max.ToString() });

    public static StorageException EntityTooSmall(long size, long min) =>
        new("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", 400,
            new Dictionary<string, string> { ["ProposedSize"] = size.ToString(), ["MinSizeAllowed"] = min.ToString() });

    public static StorageException MetadataTooLarge(int size, int max) =>
        new("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.", 400,
            new Dictionary<string, string> { ["Size"] = size.ToString(), ["MaxSizeAllowed"] = max.ToString() });

    public static StorageException InvalidArgument(string message, string? name = null, string? value = null)
    {
        var details = new Dictionary<string, string>();
        if (name is not null) details["ArgumentName"] = name;
        if (value is not null) details["ArgumentValue"] = value;
        return new("InvalidArgument", message, 400, details);
    }

    public static StorageException InvalidPart(int partNumber) =>
        new("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400,
            new Dictionary<string, string> { ["PartNumber"] = partNumber.ToString() });

    public static StorageException InvalidPartOrder() =>
        new("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", 400);

    public static StorageException MalformedXml() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400);

    public static StorageException BadDigest() =>
        new("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);

    public static StorageException InvalidDigest() =>
        new("InvalidDigest", "The Content-MD5 you specified is not valid.", 400);

    public static StorageException IncompleteBody() =>
        new("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header", 400);

    public static StorageException InvalidRange(long size) =>
        new("InvalidRange", "The requested range is not satisfiable", 416,
            new Dictionary<string, string> { ["ActualObjectSize"] = size.ToString() });

    public static StorageException InvalidRequest(string message) => new("InvalidRequest", message, 400);

    public static StorageException PreconditionFailed(string condition) =>
        new("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412,
            new Dictionary<string, string> { ["Condition"] = condition });

    public static StorageException NotImplemented(string what) =>
        new("NotImplemented", $"A header or query you provided implies functionality that is not implemented: {what}", 501);

    public static StorageException MethodNotAllowed(string method) =>
        new("MethodNotAllowed", "The specified method is not allowed against this resource.", 405,
            new Dictionary<string, string> { ["Method"] = method });

    public static StorageException AccessDenied(string message) => new("AccessDenied", message, 403);

    public static StorageException InvalidUri() => new("InvalidURI", "Couldn't parse the specified URI.", 400);

    public static StorageException MissingContentLength() =>
        new("MissingContentLength", "You must provide the Content-Length HTTP header.", 411);

    public static StorageException MaxMessageLengthExceeded() => new("MaxMessageLengthExceeded", "Your request was too big.", 400);

    public static StorageException MalformedPost() =>
        new("MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.", 400);
}
