using System.Globalization;
using System.Text;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Bucket-level operations: list/create/delete/head, location, versioning, listings,
/// DeleteObjects.</summary>
internal sealed class BucketOperations(StorageEngine engine, StorageOptions options)
{
    private const int MaxDeleteBytes = 8 * 1024 * 1024;

    public Task ListBucketsAsync(S3Call call) =>
        S3Xml.WriteAsync(call.Response, "ListAllMyBucketsResult", w =>
        {
            w.Owner(options);
            w.WriteStartElement("Buckets");
            foreach (var bucket in engine.ListBuckets())
            {
                w.WriteStartElement("Bucket");
                w.Element("Name", bucket.Name);
                w.Element("CreationDate", bucket.CreationDate);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }, call.Aborted);

    public async Task CreateAsync(S3Call call)
    {
        string? region = null;
        if (call.Request.ContentLength is > 0 || call.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = await S3Xml.ReadAsync(S3Headers.Body(call.Request), call.Aborted).ConfigureAwait(false);
            if (body.Name.LocalName != "CreateBucketConfiguration")
                throw StorageErrors.MalformedXml();
            region = body.ChildValue("LocationConstraint") is { Length: > 0 } constraint ? constraint : null;
        }

        await engine.CreateBucketAsync(call.Bucket, region, call.Aborted).ConfigureAwait(false);
        call.Response.Headers.Location = "/" + call.Bucket;
        call.Response.StatusCode = 200;
    }

    public async Task DeleteAsync(S3Call call)
    {
        await engine.DeleteBucketAsync(call.Bucket, call.Aborted).ConfigureAwait(false);
        call.Response.StatusCode = 204;
    }

    public Task HeadAsync(S3Call call)
    {
        var bucket = engine.GetBucket(call.Bucket);
        call.Response.Headers["x-amz-bucket-region"] = bucket.Region;
        call.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    public Task LocationAsync(S3Call call)
    {
        var bucket = engine.GetBucket(call.Bucket);
        // us-east-1 answers an empty LocationConstraint.
        return S3Xml.WriteAsync(call.Response, "LocationConstraint",
            w => w.WriteString(bucket.Region == "us-east-1" ? "" : bucket.Region), call.Aborted);
    }

    public Task VersioningAsync(S3Call call)
    {
        engine.GetBucket(call.Bucket);
        return S3Xml.WriteAsync(call.Response, "VersioningConfiguration", _ => { }, call.Aborted);
    }

    public Task ListObjectsAsync(S3Call call)
    {
        var q = call.Query;
        var v2 = q.Get("list-type") == "2";
        var url = EncodingType(q);
        var maxKeys = MaxKeys(q.Get("max-keys"));
        var prefix = q.Get("prefix") ?? "";
        var delimiter = NullIfEmpty(q.Get("delimiter"));
        string? after;
        string? token = null;
        if (v2)
        {
            token = NullIfEmpty(q.Get("continuation-token"));
            after = token is not null ? DecodeToken(token) : NullIfEmpty(q.Get("start-after"));
        }
        else
        {
            after = NullIfEmpty(q.Get("marker"));
        }

        var listing = engine.ListObjects(new ListObjectsQuery(call.Bucket)
        {
            Prefix = prefix,
            Delimiter = delimiter,
            After = after,
            MaxKeys = maxKeys,
        });
        var fetchOwner = !v2 || q.Get("fetch-owner") == "true";

        return S3Xml.WriteAsync(call.Response, "ListBucketResult", w =>
        {
            w.Element("Name", call.Bucket);
            w.Element("Prefix", S3KeyEncoding.Encode(prefix, url));
            if (v2)
            {
                w.Element("KeyCount", listing.Objects.Count + listing.CommonPrefixes.Count);
                if (token is not null) w.Element("ContinuationToken", token);
                if (q.Get("start-after") is { Length: > 0 } startAfter) w.Element("StartAfter", S3KeyEncoding.Encode(startAfter, url));
                if (listing.IsTruncated) w.Element("NextContinuationToken", EncodeToken(listing.NextMarker!));
            }
            else
            {
                w.Element("Marker", S3KeyEncoding.Encode(after ?? "", url));
                // v1 names NextMarker only with a delimiter; clients use the last key otherwise.
                if (listing.IsTruncated && delimiter is not null) w.Element("NextMarker", S3KeyEncoding.Encode(listing.NextMarker!, url));
            }

            w.Element("MaxKeys", maxKeys);
            if (delimiter is not null) w.Element("Delimiter", S3KeyEncoding.Encode(delimiter, url));
            if (url) w.Element("EncodingType", "url");
            w.Element("IsTruncated", listing.IsTruncated);
            foreach (var item in listing.Objects)
            {
                w.WriteStartElement("Contents");
                w.Element("Key", S3KeyEncoding.Encode(item.Key, url));
                w.Element("LastModified", item.LastModified);
                w.Element("ETag", S3Xml.QuotedETag(item.ETag));
                w.Element("Size", item.Size);
                if (fetchOwner) w.Owner(options);
                w.Element("StorageClass", "STANDARD");
                w.WriteEndElement();
            }

            foreach (var common in listing.CommonPrefixes)
            {
                w.WriteStartElement("CommonPrefixes");
                w.Element("Prefix", S3KeyEncoding.Encode(common, url));
                w.WriteEndElement();
            }
        }, call.Aborted);
    }

    public async Task DeleteObjectsAsync(S3Call call)
    {
        // S3 refuses a DeleteObjects without an integrity header: a corrupted key list would delete
        // the wrong objects. Content-MD5 is verified; x-amz-checksum-* is accepted (see LIMITATIONS).
        var expectedMd5 = S3Headers.ContentMd5(call.Request.Headers);
        if (expectedMd5 is null && !call.Request.Headers.Keys.Any(h => h.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase)))
            throw StorageErrors.InvalidRequest("Missing required header for this request: Content-Md5");
        using var body = new MemoryStream();
        // A Delete document names at most 1000 keys of at most 1 KiB each (more once escaped).
        await new ReadLimitStream(S3Headers.Body(call.Request), MaxDeleteBytes + 1).CopyToAsync(body, call.Aborted).ConfigureAwait(false);
        if (body.Length > MaxDeleteBytes)
            throw StorageErrors.MaxMessageLengthExceeded();
        if (expectedMd5 is not null && !System.Security.Cryptography.MD5.HashData(body.GetBuffer().AsSpan(0, (int)body.Length)).AsSpan().SequenceEqual(expectedMd5))
            throw StorageErrors.BadDigest();
        var root = S3Xml.Parse(body.GetBuffer(), (int)body.Length);
        if (root.Name.LocalName != "Delete")
            throw StorageErrors.MalformedXml();
        var quiet = string.Equals(root.ChildValue("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var keys = root.Children("Object").Select(o => o.ChildValue("Key") ?? throw StorageErrors.MalformedXml()).ToList();
        if (keys.Count is 0 or > 1000)
            throw StorageErrors.MalformedXml();

        var deleted = await engine.DeleteObjectsAsync(call.Bucket, keys, call.Origin, call.Aborted).ConfigureAwait(false);
        await S3Xml.WriteAsync(call.Response, "DeleteResult", w =>
        {
            if (quiet)
                return;
            foreach (var key in deleted)
            {
                w.WriteStartElement("Deleted");
                w.Element("Key", key);
                w.WriteEndElement();
            }
        }, call.Aborted).ConfigureAwait(false);
    }

    public Task ListUploadsAsync(S3Call call)
    {
        var prefix = call.Query.Get("prefix") ?? "";
        var max = MaxKeys(call.Query.Get("max-uploads"));
        var uploads = engine.ListMultipartUploads(call.Bucket, prefix, max + 1);
        var truncated = uploads.Count > max;
        var url = EncodingType(call.Query);
        return S3Xml.WriteAsync(call.Response, "ListMultipartUploadsResult", w =>
        {
            w.Element("Bucket", call.Bucket);
            w.Element("KeyMarker", "");
            w.Element("UploadIdMarker", "");
            w.Element("Prefix", S3KeyEncoding.Encode(prefix, url));
            w.Element("MaxUploads", max);
            w.Element("IsTruncated", truncated);
            if (url) w.Element("EncodingType", "url");
            foreach (var upload in uploads.Take(max))
            {
                w.WriteStartElement("Upload");
                w.Element("Key", S3KeyEncoding.Encode(upload.Key, url));
                w.Element("UploadId", upload.UploadId);
                w.Owner(options, "Initiator");
                w.Owner(options);
                w.Element("StorageClass", "STANDARD");
                w.Element("Initiated", upload.Initiated);
                w.WriteEndElement();
            }
        }, call.Aborted);
    }

    private static bool EncodingType(S3Query query) => query.Get("encoding-type") switch
    {
        null or "" => false,
        "url" => true,
        var other => throw StorageErrors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", other),
    };

    internal static int MaxKeys(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return 1000;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var max))
            throw StorageErrors.InvalidArgument("Provided max-keys not an integer or within integer range", "max-keys", value);
        return Math.Min(max, 1000);
    }

    /// <summary>Continuation tokens are opaque to clients; ours is the last returned key.</summary>
    internal static string EncodeToken(string marker) => Convert.ToBase64String(Encoding.UTF8.GetBytes(marker));

    internal static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw StorageErrors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
