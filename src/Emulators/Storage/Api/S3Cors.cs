using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>
/// CORS as S3 evaluates it: a preflight (OPTIONS) and an actual request from a web page are matched
/// against the bucket's rules (the first rule whose origin, method and headers match). A page of a
/// foreign origin gets nothing the rules do not allow — not even a request whose answer the browser
/// would hide, since its side effects (an upload firing a function) happen anyway. Pages on loopback
/// origins (a local web app) are the platform's own and are answered without rules.
/// </summary>
internal static class S3Cors
{
    private const string NotAllowed = "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, " +
        "request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

    /// <summary>Answers a preflight completely (true), or checks an actual request and adds its CORS headers (false).</summary>
    public static async Task<bool> ApplyAsync(HttpContext context, S3Target target, StorageEngine engine)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var foreign = context.Features.Get<EdgeCheck>()?.ForeignOrigin;
        var preflightMethod = request.Headers.AccessControlRequestMethod.ToString();
        if (HttpMethods.IsOptions(request.Method) && origin.Length > 0 && preflightMethod.Length > 0)
        {
            var requested = request.Headers.AccessControlRequestHeaders.ToString()
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var rule = Match(engine, target, origin, preflightMethod, requested);
            if (rule is null && foreign is not null)
                throw new StorageException("AccessForbidden", NotAllowed, 403,
                    new Dictionary<string, string> { ["Method"] = preflightMethod, ["ResourceType"] = target.Key is null ? "BUCKET" : "OBJECT" });
            var headers = context.Response.Headers;
            AllowOrigin(headers, origin, rule);
            headers.AccessControlAllowMethods = rule is null ? preflightMethod : string.Join(", ", rule.AllowedMethods);
            if (requested.Length > 0)
                headers.AccessControlAllowHeaders = string.Join(", ", requested);
            if (rule?.MaxAgeSeconds is { } maxAge)
                headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
            context.Response.StatusCode = StatusCodes.Status200OK;
            await context.Response.CompleteAsync().ConfigureAwait(false);
            return true;
        }

        if (origin.Length == 0)
        {
            // No Origin but Sec-Fetch-Site: cross-site: an <img> or a link may read, nothing may write.
            if (foreign is not null && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
                throw new StorageException("AccessDenied", "Cross-site requests may not change this platform's state.", 403);
            return false;
        }

        var actual = Match(engine, target, origin, request.Method, []);
        if (actual is null && foreign is not null)
            throw new StorageException("AccessDenied", $"CORS does not allow the origin {origin} to {request.Method} here (see PutBucketCors).", 403);
        AllowOrigin(context.Response.Headers, origin, actual);
        if (actual is { ExposeHeaders.Count: > 0 })
            context.Response.Headers.AccessControlExposeHeaders = string.Join(", ", actual.ExposeHeaders);
        context.Response.Headers.Vary = "Origin";
        return false;
    }

    private static CorsRule? Match(StorageEngine engine, S3Target target, string origin, string method, IEnumerable<string> headers) =>
        target.Bucket is { } bucket ? engine.FindBucketCors(bucket)?.FirstOrDefault(r => r.Allows(origin, method, headers)) : null;

    private static void AllowOrigin(IHeaderDictionary headers, string origin, CorsRule? rule)
    {
        if (rule is not null && rule.AllowedOrigins.Contains("*"))
        {
            headers.AccessControlAllowOrigin = "*";
            return;
        }

        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlAllowCredentials = "true";
    }
}
