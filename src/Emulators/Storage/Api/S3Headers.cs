using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Object headers in and out.</summary>
internal static class S3Headers
{
    public const string MetaPrefix = "x-amz-meta-";

    public static ObjectMetadata ReadMetadata(IHeaderDictionary headers)
    {
        var user = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            if (name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase))
                user[name[MetaPrefix.Length..].ToLowerInvariant()] = value.ToString();
        }

        return new ObjectMetadata
        {
            ContentType = Value(headers, "Content-Type"),
            CacheControl = Value(headers, "Cache-Control"),
            ContentDisposition = Value(headers, "Content-Disposition"),
            ContentEncoding = StripAwsChunked(Value(headers, "Content-Encoding")),
            ContentLanguage = Value(headers, "Content-Language"),
            Expires = Value(headers, "Expires"),
            UserMetadata = user,
        };
    }

    /// <summary>aws-chunked describes the upload, not the object; S3 drops it from what it stores.</summary>
    public static string? StripAwsChunked(string? encoding)
    {
        if (encoding is null)
            return null;
        var kept = encoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !e.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase));
        var result = string.Join(",", kept);
        return result.Length == 0 ? null : result;
    }

    public static void WriteObjectHeaders(HttpResponse response, ObjectInfo info)
    {
        var headers = response.Headers;
        headers.ETag = S3Xml.QuotedETag(info.ETag);
        headers.LastModified = info.LastModified.ToString("R", CultureInfo.InvariantCulture);
        headers.AcceptRanges = "bytes";
        var m = info.Metadata;
        response.ContentType = HeaderSafe(m.ContentType) ?? "binary/octet-stream";
        if (m.CacheControl is not null) headers.CacheControl = HeaderSafe(m.CacheControl);
        if (m.ContentDisposition is not null) headers.ContentDisposition = HeaderSafe(m.ContentDisposition);
        if (m.ContentEncoding is not null) headers.ContentEncoding = HeaderSafe(m.ContentEncoding);
        if (m.ContentLanguage is not null) headers.ContentLanguage = HeaderSafe(m.ContentLanguage);
        if (m.Expires is not null) headers.Expires = HeaderSafe(m.Expires);
        foreach (var (name, value) in m.UserMetadata)
        {
            if (IsHeaderSafe(name))
                headers[MetaPrefix + name] = HeaderSafe(value);
        }

        if (info.ETag.Contains('-'))
            headers["x-amz-mp-parts-count"] = info.ETag[(info.ETag.LastIndexOf('-') + 1)..];
    }

    /// <summary>Values stored from a browser form may hold characters an HTTP header cannot (Kestrel
    /// throws on them); S3 sends such values RFC 2047-encoded, and so do we.</summary>
    public static string? HeaderSafe(string? value) =>
        value is null || IsHeaderSafe(value) ? value : "=?UTF-8?B?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)) + "?=";

    /// <summary>Printable ASCII (and tab): what can go on the wire as is.</summary>
    public static bool IsHeaderSafe(string value) => value.All(c => c is '\t' or >= ' ' and <= '~');

    /// <summary>The real body length: x-amz-decoded-content-length for aws-chunked uploads. S3 needs
    /// to know the length of an upload up front: without it (and without any body framing) it answers
    /// 411 MissingContentLength rather than storing an empty object.</summary>
    public static long? DeclaredLength(HttpRequest request, bool chunked)
    {
        if (chunked)
        {
            var decoded = Value(request.Headers, "x-amz-decoded-content-length") ?? throw StorageErrors.MissingContentLength();
            return long.TryParse(decoded, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                ? length
                : throw StorageErrors.InvalidArgument("x-amz-decoded-content-length must be a non-negative integer",
                    "x-amz-decoded-content-length", decoded);
        }

        if (request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
            throw StorageErrors.MissingContentLength();
        return request.ContentLength;
    }

    public static bool IsAwsChunked(HttpRequest request)
    {
        var sha = Value(request.Headers, "x-amz-content-sha256");
        if (sha is not null && sha.StartsWith("STREAMING-", StringComparison.Ordinal))
            return true;
        var encoding = Value(request.Headers, "Content-Encoding");
        return encoding is not null && encoding.Split(',').Any(e => e.Trim().Equals("aws-chunked", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The request body, decoded when it is aws-chunked.</summary>
    public static Stream Body(HttpRequest request) => IsAwsChunked(request)
        ? new AwsChunkedStream(request.Body, request.HttpContext.Features.Get<Platform.Emulators.Edge.EdgeCheck>()?.ChunkSignatures)
        : request.Body;

    public static byte[]? ContentMd5(IHeaderDictionary headers)
    {
        var value = Value(headers, "Content-MD5");
        if (value is null)
            return null;
        var bytes = new byte[16];
        if (!Convert.TryFromBase64String(value.Trim(), bytes, out var written) || written != 16)
            throw StorageErrors.InvalidDigest();
        return bytes;
    }

    public static string? Value(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
}
