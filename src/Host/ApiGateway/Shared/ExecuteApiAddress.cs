using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Host.ApiGateway;

/// <summary>
/// Where an API (HTTP or REST) answers on the edge port: <c>http://&lt;api-id&gt;.execute-api.localhost:&lt;port&gt;/[stage/]path</c>
/// (Host-based, AWS's shape with .localhost for .&lt;region&gt;.amazonaws.com; an HTTP API's <c>$default</c>
/// stage without a stage segment) or, with no DNS at all,
/// <c>http://127.0.0.1:&lt;port&gt;/_aws/execute-api/&lt;api-id&gt;/&lt;stage&gt;/path</c> (the stage always named).
/// </summary>
internal sealed partial class ExecuteApiAddress
{
    public const string PathPrefix = "/_aws/execute-api/";

    /// <param name="Stage">The stage the path form names; null for the Host form, where the API decides.</param>
    /// <param name="RawPath">The rest of the path, still percent-encoded, starting with '/'.</param>
    public sealed record Target(string ApiId, string? Stage, string RawPath);

    public string HostBased(string apiId, HttpRequest request) => $"http://{apiId}.execute-api.localhost:{request.Host.Port ?? 4566}";

    public static string DomainName(string apiId) => $"{apiId}.execute-api.localhost";

    public static Target? Match(HttpRequest request)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path).ToString();
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = query < 0 ? rawTarget : rawTarget[..query];
        if (rawPath.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            var parts = rawPath[PathPrefix.Length..].Split('/', 3);
            if (parts[0].Length == 0 || parts.Length < 2 || parts[1].Length == 0)
                return parts[0].Length == 0 ? null : new(parts[0], "", "/");
            return new(parts[0], Uri.UnescapeDataString(parts[1]), parts.Length == 3 ? "/" + parts[2] : "/");
        }
        var host = HostPattern().Match(request.Host.Host);
        return host.Success ? new(host.Groups[1].Value.ToLowerInvariant(), null, rawPath.Length == 0 ? "/" : rawPath) : null;
    }

    // <api-id>.execute-api.<anything>: .localhost locally, .<region>.amazonaws.com when a client keeps AWS's name.
    [GeneratedRegex(@"^([a-z0-9]{10})\.execute-api\.", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HostPattern();
}
