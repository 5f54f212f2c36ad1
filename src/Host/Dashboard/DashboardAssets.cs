using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Dashboard;

/// <summary>The page's static files, embedded in the platform assembly (Dashboard/wwwroot, plain HTML,
/// CSS and JavaScript modules: nothing to build or install). Read on first request, not at start.</summary>
internal sealed class DashboardAssets
{
    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    /// <summary>Serves <c>/_platform/</c> (the page) and <c>/_platform/assets/NAME</c>; false when there is no such file.</summary>
    public async Task<bool> TryServeAsync(HttpContext context, string file)
    {
        var name = file.Length == 0 ? "index.html" : file;
        await using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("dashboard/" + name);
        if (stream is null)
            return false;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Types.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
        context.Response.ContentLength = stream.Length;
        context.Response.Headers.CacheControl = "no-cache";
        // The page loads only its own scripts and talks only to its own origin.
        context.Response.Headers.ContentSecurityPolicy =
            "default-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        return true;
    }
}
