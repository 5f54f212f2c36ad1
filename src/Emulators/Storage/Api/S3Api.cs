using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>S3's REST API on the edge port. It is the fallback service: every request the other
/// protocols do not claim is an S3 request.</summary>
public sealed class S3Api(StorageEngine engine, TimeProvider time, ILogger<S3Api> logger) : IEdgeService
{
    private readonly S3Router _router = new(engine, engine.Options);
    private readonly EdgeEnvelope _envelope = new(S3ErrorWriter.Instance, logger);

    public string Name => "s3";

    public bool CanHandle(HttpRequest request) => true;

    public Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers["x-amz-request-id"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        response.Headers["x-amz-id-2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        response.Headers.Server = "AmazonS3";
        return _envelope.RunAsync(context, RouteAsync);
    }

    private async Task RouteAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
            raw = context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        var target = S3Target.Parse(raw, context.Request.Host.Value);
        // S3 refuses an over-long key on every operation, reads included, not only where it would be stored.
        if (target.Key is { } key && Encoding.UTF8.GetByteCount(key) is var size && size > engine.Options.MaxKeyBytes)
            throw StorageErrors.KeyTooLong(size, engine.Options.MaxKeyBytes);
        PresignedUrl.Check(target.Query, time.GetUtcNow());
        if (await S3Cors.ApplyAsync(context, target, engine).ConfigureAwait(false))
            return;
        if (HttpMethods.IsPut(context.Request.Method) || (HttpMethods.IsPost(context.Request.Method) && !target.Query.Has("delete")))
            EdgeCheck.RequireSpace(context);
        var requestId = context.Response.Headers["x-amz-request-id"].ToString();
        if (EdgeTelemetry.Source.HasListeners())
            EdgeTelemetry.NameOperation("S3", OperationName(context.Request, target));
        // The call's trace context goes into the change journal with the change: the notification
        // it causes, maybe much later, continues the uploader's trace.
        var call = new S3Call(context, target, new RequestOrigin(requestId, SourceIp(context)) { TraceHeader = XRayTraceHeader.Current() });
        await _router.RouteAsync(call).ConfigureAwait(false);
    }

    /// <summary>The common operations' names for the edge span; the rest by method and level.</summary>
    private static string OperationName(HttpRequest request, S3Target target)
    {
        var method = request.Method;
        if (target.Key is null)
            return target.Bucket is null ? "ListBuckets" : method + "Bucket";
        if (target.Query.Has("uploadId") || target.Query.Has("uploads"))
            return method + "Multipart";
        return method switch
        {
            "PUT" when request.Headers.ContainsKey("x-amz-copy-source") => "CopyObject",
            "PUT" => "PutObject",
            "GET" => "GetObject",
            "HEAD" => "HeadObject",
            "DELETE" => "DeleteObject",
            _ => method + "Object",
        };
    }

    private static string SourceIp(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
            return "127.0.0.1";
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
