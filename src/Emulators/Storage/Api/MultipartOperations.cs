using System.Globalization;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Create/UploadPart(Copy)/Complete/Abort/ListParts.</summary>
internal sealed class MultipartOperations(StorageEngine engine, StorageOptions options)
{
    public async Task CreateAsync(S3Call call)
    {
        var upload = await engine.CreateMultipartUploadAsync(call.Bucket, call.Key, S3Headers.ReadMetadata(call.Request.Headers), call.Aborted)
            .ConfigureAwait(false);
        await S3Xml.WriteAsync(call.Response, "InitiateMultipartUploadResult", w =>
        {
            w.Element("Bucket", upload.Bucket);
            w.Element("Key", upload.Key);
            w.Element("UploadId", upload.UploadId);
        }, call.Aborted).ConfigureAwait(false);
    }

    public async Task UploadPartAsync(S3Call call, string uploadId, int partNumber)
    {
        var chunked = S3Headers.IsAwsChunked(call.Request);
        var part = await engine.UploadPartAsync(call.Bucket, call.Key, uploadId, partNumber, S3Headers.Body(call.Request),
            S3Headers.DeclaredLength(call.Request, chunked), S3Headers.ContentMd5(call.Request.Headers), call.Aborted).ConfigureAwait(false);
        call.Response.Headers.ETag = S3Xml.QuotedETag(part.ETag);
        call.Response.StatusCode = 200;
    }

    public async Task UploadPartCopyAsync(S3Call call, string uploadId, int partNumber, string copySource)
    {
        var (sourceBucket, sourceKey) = ObjectOperations.ParseCopySource(copySource);
        var part = await engine.UploadPartCopyAsync(call.Bucket, call.Key, uploadId, partNumber, sourceBucket, sourceKey,
            call.Header("x-amz-copy-source-range"), call.Aborted).ConfigureAwait(false);
        await S3Xml.WriteAsync(call.Response, "CopyPartResult", w =>
        {
            w.Element("LastModified", part.LastModified);
            w.Element("ETag", S3Xml.QuotedETag(part.ETag));
        }, call.Aborted).ConfigureAwait(false);
    }

    public async Task CompleteAsync(S3Call call, string uploadId)
    {
        // Up to 10000 parts, each with an ETag and possibly checksums.
        var root = await S3Xml.ReadAsync(S3Headers.Body(call.Request), call.Aborted, maxBytes: 8 * 1024 * 1024).ConfigureAwait(false);
        if (root.Name.LocalName != "CompleteMultipartUpload")
            throw StorageErrors.MalformedXml();
        var parts = root.Children("Part").Select(p =>
        {
            var number = p.ChildValue("PartNumber");
            var etag = p.ChildValue("ETag");
            if (number is null || etag is null || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                throw StorageErrors.MalformedXml();
            return new CompletedPart(n, etag);
        }).ToList();

        var info = await engine.CompleteMultipartUploadAsync(call.Bucket, call.Key, uploadId, parts, call.Origin, call.Aborted)
            .ConfigureAwait(false);
        await S3Xml.WriteAsync(call.Response, "CompleteMultipartUploadResult", w =>
        {
            w.Element("Location", $"http://{call.Request.Host}/{call.Bucket}/{Uri.EscapeDataString(call.Key)}");
            w.Element("Bucket", call.Bucket);
            w.Element("Key", call.Key);
            w.Element("ETag", S3Xml.QuotedETag(info.ETag));
        }, call.Aborted).ConfigureAwait(false);
    }

    public async Task AbortAsync(S3Call call, string uploadId)
    {
        await engine.AbortMultipartUploadAsync(call.Bucket, call.Key, uploadId, call.Aborted).ConfigureAwait(false);
        call.Response.StatusCode = 204;
    }

    public Task ListPartsAsync(S3Call call, string uploadId)
    {
        var max = BucketOperations.MaxKeys(call.Query.Get("max-parts"));
        var marker = call.Query.Get("part-number-marker") switch
        {
            null or "" => 0,
            var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var m) => m,
            var text => throw StorageErrors.InvalidArgument("Provided part-number-marker not an integer or within integer range",
                "part-number-marker", text),
        };
        var parts = engine.ListParts(call.Bucket, call.Key, uploadId, marker, max + 1);
        var truncated = parts.Count > max;
        var page = parts.Take(max).ToList();
        return S3Xml.WriteAsync(call.Response, "ListPartsResult", w =>
        {
            w.Element("Bucket", call.Bucket);
            w.Element("Key", call.Key);
            w.Element("UploadId", uploadId);
            w.Owner(options, "Initiator");
            w.Owner(options);
            w.Element("StorageClass", "STANDARD");
            w.Element("PartNumberMarker", marker);
            w.Element("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : 0);
            w.Element("MaxParts", max);
            w.Element("IsTruncated", truncated);
            foreach (var part in page)
            {
                w.WriteStartElement("Part");
                w.Element("PartNumber", part.PartNumber);
                w.Element("LastModified", part.LastModified);
                w.Element("ETag", S3Xml.QuotedETag(part.ETag));
                w.Element("Size", part.Size);
                w.WriteEndElement();
            }
        }, call.Aborted);
    }
}
