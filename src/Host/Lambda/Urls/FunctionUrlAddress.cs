using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Lambda;

/// <summary>Where a function URL answers on the edge port: <c>http://&lt;url-id&gt;.lambda-url.&lt;region&gt;.localhost:&lt;port&gt;/</c>
/// (Host-based, AWS's shape with .localhost for .on.aws) or, with no DNS at all,
/// <c>http://127.0.0.1:&lt;port&gt;/_aws/lambda-url/&lt;url-id&gt;/</c>.</summary>
internal static partial class FunctionUrlAddress
{
    public const string PathPrefix = "/_aws/lambda-url/";

    /// <summary>The URL Lambda's API returns: the Host-based form on the port the caller used.</summary>
    public static string Of(string urlId, string region, HttpRequest request) =>
        $"http://{urlId}.lambda-url.{region}.localhost:{request.Host.Port ?? 4566}/";

    public static string DomainName(string urlId, string region) => $"{urlId}.lambda-url.{region}.localhost";

    /// <summary>The URL id of a request to a function URL and the path the function sees, or null.</summary>
    public static (string UrlId, string RawPath)? Match(HttpRequest request)
    {
        var rawTarget = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget
            ?? (request.PathBase + request.Path).ToString();
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = query < 0 ? rawTarget : rawTarget[..query];
        if (rawPath.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            var rest = rawPath[PathPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var id = slash < 0 ? rest : rest[..slash];
            return id.Length == 0 ? null : (id, slash < 0 ? "/" : rest[slash..]);
        }
        var host = HostPattern().Match(request.Host.Host);
        return host.Success ? (host.Groups[1].Value, rawPath.Length == 0 ? "/" : rawPath) : null;
    }

    // <url-id>.lambda-url.<region>.<anything>: .localhost locally, .on.aws when a client keeps AWS's name.
    [GeneratedRegex(@"^([a-z0-9]{32})\.lambda-url\.[a-z0-9-]+\.", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HostPattern();
}
