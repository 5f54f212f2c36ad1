using Microsoft.AspNetCore.Http;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Maps method + bucket/key + subresource to an operation.</summary>
internal sealed class S3Router(StorageEngine engine, StorageOptions options)
{
    /// <summary>Subresources S3 has and this emulator does not: they answer 501 rather than being
    /// mistaken for a plain object or bucket request.</summary>
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "acl", "policy", "policyStatus", "tagging", "lifecycle", "website", "logging", "replication", "encryption",
        "object-lock", "retention", "legal-hold", "accelerate", "requestPayment", "analytics", "inventory", "metrics",
        "intelligent-tiering", "ownershipControls", "publicAccessBlock", "torrent", "restore", "select", "attributes",
        "versions", "session",
    };

    private readonly BucketOperations _buckets = new(engine, options);
    private readonly ObjectOperations _objects = new(engine);
    private readonly MultipartOperations _multipart = new(engine, options);
    private readonly NotificationOperations _notifications = new(engine);
    private readonly PostObjectOperation _post = new(engine);
    private readonly CorsOperations _cors = new(engine);

    public Task RouteAsync(S3Call call)
    {
        var method = call.Request.Method;
        var q = call.Query;
        if (q.Names.FirstOrDefault(Unsupported.Contains) is { } unsupported)
            throw StorageErrors.NotImplemented("?" + unsupported);

        if (call.Target.Bucket is null)
            return HttpMethods.IsGet(method) ? _buckets.ListBucketsAsync(call) : throw StorageErrors.MethodNotAllowed(method);

        if (call.Target.Key is null)
            return RouteBucket(call, method, q);
        return RouteObject(call, method, q);
    }

    private Task RouteBucket(S3Call call, string method, S3Query q)
    {
        if (q.Has("notification"))
        {
            return method switch
            {
                "GET" => _notifications.GetAsync(call),
                "PUT" => _notifications.PutAsync(call),
                _ => throw StorageErrors.MethodNotAllowed(method),
            };
        }

        if (q.Has("cors"))
        {
            return method switch
            {
                "GET" => _cors.GetAsync(call),
                "PUT" => _cors.PutAsync(call),
                "DELETE" => _cors.DeleteAsync(call),
                _ => throw StorageErrors.MethodNotAllowed(method),
            };
        }

        if (q.Has("location"))
            return HttpMethods.IsGet(method) ? _buckets.LocationAsync(call) : throw StorageErrors.MethodNotAllowed(method);
        if (q.Has("versioning"))
            return HttpMethods.IsGet(method) ? _buckets.VersioningAsync(call) : throw StorageErrors.NotImplemented("PutBucketVersioning");
        if (q.Has("uploads"))
            return HttpMethods.IsGet(method) ? _buckets.ListUploadsAsync(call) : throw StorageErrors.MethodNotAllowed(method);
        if (q.Has("delete"))
            return HttpMethods.IsPost(method) ? _buckets.DeleteObjectsAsync(call) : throw StorageErrors.MethodNotAllowed(method);

        return method switch
        {
            "GET" => _buckets.ListObjectsAsync(call),
            "PUT" => _buckets.CreateAsync(call),
            "DELETE" => _buckets.DeleteAsync(call),
            "HEAD" => _buckets.HeadAsync(call),
            "POST" => _post.HandleAsync(call),
            _ => throw StorageErrors.MethodNotAllowed(method),
        };
    }

    private Task RouteObject(S3Call call, string method, S3Query q)
    {
        var copySource = call.Header("x-amz-copy-source");
        if (q.Has("cors"))
            throw StorageErrors.NotImplemented("?cors on an object");
        if (q.Has("uploads"))
            return HttpMethods.IsPost(method) ? _multipart.CreateAsync(call) : throw StorageErrors.MethodNotAllowed(method);
        if (q.Get("uploadId") is { } uploadId)
        {
            switch (method)
            {
                case "PUT":
                    var partNumber = ObjectOperations.PartNumber(q)
                        ?? throw StorageErrors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", "");
                    return copySource is not null
                        ? _multipart.UploadPartCopyAsync(call, uploadId, partNumber, copySource)
                        : _multipart.UploadPartAsync(call, uploadId, partNumber);
                case "POST":
                    return _multipart.CompleteAsync(call, uploadId);
                case "DELETE":
                    return _multipart.AbortAsync(call, uploadId);
                case "GET":
                    return _multipart.ListPartsAsync(call, uploadId);
                default:
                    throw StorageErrors.MethodNotAllowed(method);
            }
        }

        return method switch
        {
            "PUT" when copySource is not null => _objects.CopyAsync(call, copySource),
            "PUT" => _objects.PutAsync(call),
            "GET" => _objects.GetAsync(call),
            "HEAD" => _objects.HeadAsync(call),
            "DELETE" => _objects.DeleteAsync(call),
            _ => throw StorageErrors.MethodNotAllowed(method),
        };
    }
}
