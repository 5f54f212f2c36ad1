using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Emulators.State;
using Platform.Host.Admin;

namespace Platform.Host.Composition;

/// <summary>Hands each request on the edge port to /_platform or to the first wire protocol that
/// claims it; the services are registered in order (specific protocols first, S3 last as the catch-all).
/// The gate's findings (a foreign Host or Origin) travel with the request, so the service refuses it
/// in its own protocol's shape.</summary>
internal sealed class EdgeRouter(IEnumerable<IEdgeService> services, PlatformAdminApi admin, EdgeGate gate, DiskSpace disk, EdgeAuthentication auth)
{
    private readonly IEdgeService[] _services = services.ToArray();

    public async Task HandleAsync(HttpContext context)
    {
        var check = gate.Check(context.Request);
        check.Disk = disk;
        context.Features.Set(check);

        // No bucket name can start with '_', so /_platform never shadows S3's path-style addressing.
        if (PlatformAdminApi.Claims(context.Request))
        {
            if (check.Refusal is not null || check.ForeignOrigin is not null)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync(check.Refusal is not null ? check.RefusalMessage : "Web pages of other sites may not call /_platform.",
                    context.RequestAborted);
                return;
            }

            // Not signed: container health checks and scripts read it with curl.
            await admin.HandleAsync(context);
            return;
        }

        foreach (var service in _services)
        {
            if (service.CanHandle(context.Request))
            {
                using var span = EdgeTelemetry.StartRequest(context.Request, service.Name);
                await auth.VerifyAsync(context, service, check);
                await service.HandleAsync(context);
                span?.SetTag("http.response.status_code", context.Response.StatusCode);
                if (context.Response.StatusCode >= 500)
                    span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsync("No AWS service here understands this request.", context.RequestAborted);
    }
}
