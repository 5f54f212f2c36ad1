using System.Net;
using Microsoft.AspNetCore.Http;

namespace Platform.Emulators.Edge;

/// <summary>
/// Keeps browsers off the platform: it answers only Host names that are its own (the listen address,
/// any IP literal, localhost and names under it — S3's virtual-hosted <c>bucket.localhost</c> and
/// <c>bucket.s3.localhost</c> — and the names the user allowed, with their subdomains), so a DNS
/// rebinding page cannot reach it; and it marks a request sent by a page of a foreign origin, which
/// only a bucket's CORS rules may admit.
/// </summary>
public sealed class EdgeGate(string listenHost, IReadOnlyList<string> allowedHosts)
{
    private readonly string[] _allowed = [.. allowedHosts.Select(h => h.Trim().TrimEnd('.').ToLowerInvariant()).Where(h => h.Length > 0)];
    private readonly string _listen = listenHost.Trim('[', ']').ToLowerInvariant();

    public EdgeCheck Check(HttpRequest request)
    {
        var check = new EdgeCheck();
        var host = request.Host.Host;
        if (!string.IsNullOrEmpty(host) && !IsOwnHost(host))
            check.Refuse(EdgeRefusal.ForeignHost, $"The Host '{host}' is not a name of this platform; start it with --allowed-hosts {host} to answer it.");

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            if (!IsOwnOrigin(origin))
                check.ForeignOrigin = origin;
        }
        else if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            // A cross-site <img>, <form> or navigation without an Origin header.
            check.ForeignOrigin = "cross-site";
        }

        return check;
    }

    public bool IsOwnHost(string host)
    {
        var name = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(name, out _))
            return true; // an IP literal cannot be rebound to another address
        return IsLocalName(name) || name == _listen || IsAllowed(name);
    }

    /// <summary>Loopback pages (any port) and the allowed names are the platform's own origins.</summary>
    public bool IsOwnOrigin(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return false; // "null" (sandboxed frames, file://) and anything unparsable
        var name = uri.IdnHost.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(name, out var address))
            return IPAddress.IsLoopback(address) || name == _listen;
        return IsLocalName(name) || IsAllowed(name);
    }

    /// <summary>localhost and its subdomains; LocalStack's public name for 127.0.0.1, which SDK configurations
    /// written for LocalStack use for S3's virtual-hosted style, too.</summary>
    private static bool IsLocalName(string name) =>
        name is "localhost" or "localhost.localstack.cloud"
        || name.EndsWith(".localhost", StringComparison.Ordinal) || name.EndsWith(".localhost.localstack.cloud", StringComparison.Ordinal);

    private bool IsAllowed(string name) =>
        _allowed.Any(a => a == "*" || name == a || name.EndsWith("." + a, StringComparison.Ordinal));
}
