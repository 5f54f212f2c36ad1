using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Browser-form uploads (POST to the bucket, multipart/form-data, the file last), what
/// boto3's generate_presigned_post produces. The policy document is not evaluated.</summary>
internal sealed class PostObjectOperation(StorageEngine engine)
{
    private const int MaxFieldBytes = 64 * 1024;

    public async Task HandleAsync(S3Call call)
    {
        if (!MediaTypeHeaderValue.TryParse(call.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
            throw StorageErrors.InvalidRequest("Bucket POST must be of the enclosure-type multipart/form-data");

        try
        {
            if (await ReadFormAsync(call, boundary).ConfigureAwait(false))
                return;
        }
        catch (IOException error) when (error is not BadHttpRequestException && !call.Aborted.IsCancellationRequested)
        {
            // MultipartReader: the form ended before its closing boundary.
            throw StorageErrors.MalformedPost();
        }
        catch (InvalidDataException)
        {
            // MultipartReader: section headers over its limits, or a malformed boundary line.
            throw StorageErrors.MalformedPost();
        }

        throw new StorageException("InvalidArgument", "POST requires exactly one file upload per request.", 400,
            new Dictionary<string, string> { ["ArgumentName"] = "file", ["ArgumentValue"] = "0" });
    }

    /// <summary>Collects fields up to the file and stores it; false when the form had no file.</summary>
    private async Task<bool> ReadFormAsync(S3Call call, string boundary)
    {
        var reader = new MultipartReader(boundary, call.Request.Body) { BodyLengthLimit = null };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(call.Aborted).ConfigureAwait(false)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                throw StorageErrors.MalformedPost();
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (name.Equals("file", StringComparison.OrdinalIgnoreCase))
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
                await StoreAsync(call, fields, fileName, section).ConfigureAwait(false);
                return true;
            }

            using var value = new MemoryStream();
            await new ReadLimitStream(section.Body, MaxFieldBytes + 1).CopyToAsync(value, call.Aborted).ConfigureAwait(false);
            if (value.Length > MaxFieldBytes)
                throw StorageErrors.MalformedPost();
            fields[name] = System.Text.Encoding.UTF8.GetString(value.GetBuffer(), 0, (int)value.Length);
        }

        return false;
    }

    private async Task StoreAsync(S3Call call, Dictionary<string, string> fields, string fileName, MultipartSection file)
    {
        if (!fields.TryGetValue("key", out var key) || key.Length == 0)
            throw StorageErrors.InvalidArgument("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
                "key", "");
        key = key.Replace("${filename}", fileName, StringComparison.Ordinal);

        var user = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (name.StartsWith(S3Headers.MetaPrefix, StringComparison.OrdinalIgnoreCase))
                user[name[S3Headers.MetaPrefix.Length..].ToLowerInvariant()] = value;
        }

        var metadata = new ObjectMetadata
        {
            ContentType = fields.GetValueOrDefault("Content-Type") ?? file.ContentType,
            CacheControl = fields.GetValueOrDefault("Cache-Control"),
            ContentDisposition = fields.GetValueOrDefault("Content-Disposition"),
            ContentEncoding = fields.GetValueOrDefault("Content-Encoding"),
            Expires = fields.GetValueOrDefault("Expires"),
            UserMetadata = user,
        };
        var info = await engine.PutObjectAsync(new PutObjectRequest(call.Bucket, key)
        {
            Metadata = metadata,
            EventName = S3EventTypes.ObjectCreatedPost,
        }, file.Body, call.Origin, call.Aborted).ConfigureAwait(false);

        var location = $"http://{call.Request.Host}/{call.Bucket}/{Uri.EscapeDataString(key)}";
        call.Response.Headers.ETag = S3Xml.QuotedETag(info.ETag);
        call.Response.Headers.Location = location;
        // A redirect that cannot go into a Location header as is (non-ASCII, CR/LF) is ignored, as an
        // invalid one is, rather than failing after the object was stored.
        if (fields.GetValueOrDefault("success_action_redirect") is { Length: > 0 } redirect
            && Uri.TryCreate(redirect, UriKind.Absolute, out _) && S3Headers.IsHeaderSafe(redirect))
        {
            var separator = redirect.Contains('?') ? '&' : '?';
            call.Response.Headers.Location = $"{redirect}{separator}bucket={Uri.EscapeDataString(call.Bucket)}&key={Uri.EscapeDataString(key)}&etag={Uri.EscapeDataString(S3Xml.QuotedETag(info.ETag))}";
            call.Response.StatusCode = 303;
            return;
        }

        switch (fields.GetValueOrDefault("success_action_status"))
        {
            case "201":
                await S3Xml.WriteAsync(call.Response, 201, S3Xml.Render("PostResponse", w =>
                {
                    w.Element("Location", location);
                    w.Element("Bucket", call.Bucket);
                    w.Element("Key", key);
                    w.Element("ETag", S3Xml.QuotedETag(info.ETag));
                }, withNamespace: false), call.Aborted).ConfigureAwait(false);
                break;
            case "200":
                call.Response.StatusCode = 200;
                break;
            default:
                call.Response.StatusCode = 204;
                break;
        }
    }
}
