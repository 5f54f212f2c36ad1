using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Host.Admin;

namespace Platform.Host.Composition;

/// <summary>Hands each request on the edge port to /_platform or to the first wire protocol that
/// claims it; the services are registered in order (specific protocols first, S3 last as the catch-all).</summary>
internal sealed class EdgeRouter(IEnumerable<IEdgeService> services, PlatformAdminApi admin)
{
    private readonly IEdgeService[] _services = services.ToArray();

    public Task HandleAsync(HttpContext context)
    {
        // No bucket name can start with '_', so /_platform never shadows S3's path-style addressing.
        if (PlatformAdminApi.Claims(context.Request))
            return admin.HandleAsync(context);

        foreach (var service in _services)
        {
            if (service.CanHandle(context.Request))
                return service.HandleAsync(context);
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsync("No AWS service here understands this request.", context.RequestAborted);
    }
}
