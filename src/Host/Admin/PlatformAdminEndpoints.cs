using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Platform.Host.Admin;

/// <summary>/_platform: health, functions and the invocation log, as JSON.</summary>
internal static class PlatformAdminEndpoints
{
    public static IEndpointRouteBuilder MapPlatformAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_platform/health", () => Results.Json(new { status = "ready" }));
        return app;
    }
}
