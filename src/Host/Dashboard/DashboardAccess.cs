using System.Net;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Dashboard;

/// <summary>
/// Who may use the dashboard and its actions. The edge gate already refuses foreign Host names (DNS
/// rebinding) and pages of foreign origins on all of /_platform; here: only loopback clients unless
/// <c>--host</c> listens beyond loopback (then the user chose to expose it), and a state-changing action
/// must be a POST whose Origin — or, without one, Sec-Fetch-Site — says it came from the platform's own
/// page or from a script (curl sends neither), so no other site can submit it (no CSRF).
/// </summary>
internal sealed class DashboardAccess(bool loopbackOnly)
{
    public static DashboardAccess For(string listenHost) =>
        new(listenHost is "localhost" || (IPAddress.TryParse(listenHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));

    public string? Refusal(HttpContext context)
    {
        if (loopbackOnly && context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
            return "The dashboard answers only on loopback; start the platform with --host to open it to other machines.";
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            return null;
        if (!HttpMethods.IsPost(context.Request.Method))
            return "Dashboard actions are POST requests.";
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site is "same-origin" or "none"
            ? null
            : "Dashboard actions are accepted only from the platform's own page.";
    }
}
