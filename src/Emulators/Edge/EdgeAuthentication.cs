using Microsoft.AspNetCore.Http;

namespace Platform.Emulators.Edge;

/// <summary>Whether the edge checks signatures (--auth sigv4) and with which verifier; the edge router asks
/// it for every API request, and a failure travels on the request's <see cref="EdgeCheck"/>.</summary>
public sealed class EdgeAuthentication(SigV4Verifier? verifier)
{
    public bool Enabled => verifier is not null;

    public Task VerifyAsync(HttpContext context, IEdgeService service, EdgeCheck check) =>
        verifier is null || check.Refusal is not null
            ? Task.CompletedTask
            : verifier.VerifyAsync(context.Request, service.Name == "s3", check, context.RequestAborted);
}
