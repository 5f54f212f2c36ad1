using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Emulators.Storage.Engine;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>
/// /_platform/buckets: the buckets; <c>{name}/objects?prefix=&amp;delimiter=/</c> browses keys by prefix
/// (folders as common prefixes); <c>{name}/object?key=K</c> downloads (GET) or uploads (POST, the body is
/// the object, <c>Content-Type</c> kept) — an upload is an ordinary PutObject, so the bucket's
/// notifications fire; <c>{name}/notifications</c> is the bucket's notification configuration.
/// </summary>
internal sealed class BucketViews(StorageEngine storage)
{
    public Task ListAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, json =>
    {
        json.WriteStartArray();
        foreach (var bucket in storage.ListBuckets())
        {
            json.WriteStartObject();
            json.WriteString("name", bucket.Name);
            json.WriteString("createdAt", bucket.CreationDate);
            json.WriteNumber("notifications", storage.GetNotificationConfiguration(bucket.Name).Entries.Count());
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    public Task ObjectsAsync(HttpContext context, string bucket)
    {
        var query = context.Request.Query;
        var delimiter = query["delimiter"].FirstOrDefault();
        var listing = storage.ListObjects(new ListObjectsQuery(bucket)
        {
            Prefix = query["prefix"].FirstOrDefault() ?? "",
            Delimiter = string.IsNullOrEmpty(delimiter) ? null : delimiter,
            After = query["after"].FirstOrDefault(),
            MaxKeys = Math.Clamp(Number(query["limit"], 200), 1, 1000),
        });
        return WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            WriteStrings(json, "prefixes", listing.CommonPrefixes);
            json.WriteStartArray("objects");
            foreach (var item in listing.Objects)
            {
                json.WriteStartObject();
                json.WriteString("key", item.Key);
                json.WriteNumber("size", item.Size);
                json.WriteString("etag", item.ETag);
                json.WriteString("lastModified", item.LastModified);
                WriteOptional(json, "contentType", item.Metadata.ContentType);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteOptional(json, "next", listing.IsTruncated ? listing.NextMarker : null);
            json.WriteEndObject();
        });
    }

    public async Task DownloadAsync(HttpContext context, string bucket)
    {
        await using var content = storage.OpenObject(bucket, Key(context));
        context.Response.ContentType = content.Info.Metadata.ContentType ?? "application/octet-stream";
        context.Response.ContentLength = content.Info.Size;
        var fileName = content.Info.Key[(content.Info.Key.LastIndexOf('/') + 1)..];
        context.Response.Headers.ContentDisposition = "attachment; filename*=UTF-8''" + Uri.EscapeDataString(fileName);
        await content.Body.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task UploadAsync(HttpContext context, string bucket)
    {
        EdgeCheck.RequireSpace(context);
        var request = new PutObjectRequest(bucket, Key(context))
        {
            ContentLength = context.Request.ContentLength,
            Metadata = new ObjectMetadata { ContentType = context.Request.ContentType },
        };
        var origin = new RequestOrigin(Guid.NewGuid().ToString("N")[..16].ToUpperInvariant(),
            context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
        var stored = await storage.PutObjectAsync(request, context.Request.Body, origin, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("key", stored.Key);
            json.WriteNumber("size", stored.Size);
            json.WriteString("etag", stored.ETag);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public Task NotificationsAsync(HttpContext context, string bucket) => WriteAsync(context, StatusCodes.Status200OK, json =>
    {
        json.WriteStartArray();
        foreach (var configuration in storage.GetNotificationConfiguration(bucket).LambdaFunctionConfigurations)
        {
            json.WriteStartObject();
            json.WriteString("id", configuration.Id);
            json.WriteString("functionArn", configuration.FunctionArn);
            WriteStrings(json, "events", configuration.Events);
            WriteOptional(json, "prefix", configuration.Prefix);
            WriteOptional(json, "suffix", configuration.Suffix);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    private static string Key(HttpContext context) =>
        context.Request.Query["key"].FirstOrDefault() is { Length: > 0 } key ? key : throw DashboardRequest.BadRequest("?key= is required.");
}
