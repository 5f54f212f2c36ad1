using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>PutObject, GetObject, HeadObject, DeleteObject, CopyObject.</summary>
internal sealed class ObjectOperations(StorageEngine engine)
{
    private static readonly (string Query, string Header)[] ResponseOverrides =
    [
        ("response-content-type", "Content-Type"),
        ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
    ];

    public async Task PutAsync(S3Call call)
    {
        var chunked = S3Headers.IsAwsChunked(call.Request);
        var request = new PutObjectRequest(call.Bucket, call.Key)
        {
            Metadata = S3Headers.ReadMetadata(call.Request.Headers),
            ContentLength = S3Headers.DeclaredLength(call.Request, chunked),
            ContentMd5 = S3Headers.ContentMd5(call.Request.Headers),
        };
        var info = await engine.PutObjectAsync(request, S3Headers.Body(call.Request), call.Origin, call.Aborted).ConfigureAwait(false);
        call.Response.Headers.ETag = S3Xml.QuotedETag(info.ETag);
        call.Response.StatusCode = 200;
    }

    public Task HeadAsync(S3Call call)
    {
        var info = engine.HeadObject(call.Bucket, call.Key);
        S3Headers.WriteObjectHeaders(call.Response, info);
        if (ObjectConditions.Evaluate(call, info) is { } status)
        {
            call.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        var range = ByteRange.Parse(call.Header("Range"), info.Size);
        call.Response.ContentLength = range?.Length ?? info.Size;
        if (range is { } r)
        {
            call.Response.StatusCode = 206;
            call.Response.Headers.ContentRange = $"bytes {r.Start}-{r.End}/{info.Size}";
        }

        return Task.CompletedTask;
    }

    public async Task GetAsync(S3Call call)
    {
        await using var content = engine.OpenObject(call.Bucket, call.Key);
        var info = content.Info;
        S3Headers.WriteObjectHeaders(call.Response, info);
        if (ObjectConditions.Evaluate(call, info) is { } notModified)
        {
            call.Response.StatusCode = notModified;
            return;
        }

        foreach (var (query, header) in ResponseOverrides)
        {
            if (call.Query.Get(query) is not { } value)
                continue;
            // A decoded query value may hold CR/LF or non-ASCII text, which must never reach a header.
            if (!S3Headers.IsHeaderSafe(value))
                throw StorageErrors.InvalidArgument("Header value contains characters that are not allowed", query, value);
            call.Response.Headers[header] = value;
        }

        var range = ByteRange.Parse(call.Header("Range"), info.Size);
        long start = 0, length = info.Size;
        if (range is { } r)
        {
            (start, length) = (r.Start, r.Length);
            call.Response.StatusCode = 206;
            call.Response.Headers.ContentRange = $"bytes {r.Start}-{r.End}/{info.Size}";
        }
        else
        {
            call.Response.StatusCode = 200;
        }

        call.Response.ContentLength = length;
        if (start > 0)
            content.Body.Seek(start, SeekOrigin.Begin);
        await CopyAsync(content.Body, call.Response.Body, length, call.Aborted).ConfigureAwait(false);
    }

    public async Task DeleteAsync(S3Call call)
    {
        await engine.DeleteObjectAsync(call.Bucket, call.Key, call.Origin, call.Aborted).ConfigureAwait(false);
        call.Response.StatusCode = 204;
    }

    public async Task CopyAsync(S3Call call, string copySource)
    {
        var (sourceBucket, sourceKey) = ParseCopySource(copySource);
        var directive = call.Header("x-amz-metadata-directive")?.ToUpperInvariant() ?? "COPY";
        if (directive is not ("COPY" or "REPLACE"))
            throw StorageErrors.InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
        var source = engine.HeadObject(sourceBucket, sourceKey);
        ObjectConditions.Evaluate(call, source, "x-amz-copy-source-");

        var info = await engine.CopyObjectAsync(sourceBucket, sourceKey, call.Bucket, call.Key,
            directive == "REPLACE" ? S3Headers.ReadMetadata(call.Request.Headers) : null, call.Origin, call.Aborted).ConfigureAwait(false);
        await S3Xml.WriteAsync(call.Response, "CopyObjectResult", w =>
        {
            w.Element("LastModified", info.LastModified);
            w.Element("ETag", S3Xml.QuotedETag(info.ETag));
        }, call.Aborted).ConfigureAwait(false);
    }

    /// <summary>x-amz-copy-source: <c>[/]bucket/key[?versionId=…]</c>, URL-encoded.</summary>
    public static (string Bucket, string Key) ParseCopySource(string value)
    {
        var source = value.TrimStart('/');
        var question = source.IndexOf('?');
        if (question >= 0)
            source = source[..question];
        var decoded = S3UriDecoder.TryDecode(source);
        var slash = decoded?.IndexOf('/') ?? -1;
        if (decoded is null || slash <= 0 || slash == decoded.Length - 1)
            throw StorageErrors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                "x-amz-copy-source", value);
        return (decoded[..slash], decoded[(slash + 1)..]);
    }

    private static async Task CopyAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            while (length > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                    throw new IOException("The object body ended before its recorded size.");
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                length -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static int? PartNumber(S3Query query)
    {
        var value = query.Get("partNumber");
        if (value is null)
            return null;
        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw StorageErrors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", value);
    }
}
