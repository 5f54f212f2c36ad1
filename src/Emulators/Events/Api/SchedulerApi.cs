using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Emulators.Events.Engine;

namespace Platform.Emulators.Events.Api;

/// <summary>
/// EventBridge Scheduler's REST-JSON protocol: <c>/schedules/{Name}</c>, <c>/schedule-groups/{Name}</c>
/// and <c>/tags/{ResourceArn}</c>. Those paths could be S3 buckets, so the request is claimed by its
/// SigV4 credential scope (<c>…/scheduler/aws4_request</c>), which every AWS client signs with.
/// </summary>
public sealed class SchedulerApi(EventEngine engine, ILogger<SchedulerApi> logger) : IEdgeService
{
    private const int MaxBodyBytes = 512 * 1024;

    private readonly SchedulerOperations _operations = new(engine);
    private readonly EdgeEnvelope _envelope = new(EventsErrorShape.Scheduler, logger);

    public string Name => "scheduler";

    public bool CanHandle(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        return (path.StartsWith("/schedules", StringComparison.Ordinal) || path.StartsWith("/schedule-groups", StringComparison.Ordinal)
                || path.StartsWith("/tags/", StringComparison.Ordinal))
            && request.Headers.Authorization.ToString().Contains("/scheduler/aws4_request", StringComparison.Ordinal);
    }

    public Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return _envelope.RunAsync(context, RespondAsync);
    }

    private async Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method))
            EdgeCheck.RequireSpace(context);
        await JsonExchange.RunAsync(context, EventsErrorShape.Scheduler, MaxBodyBytes,
            () => EventsErrors.Validation($"The request body exceeds {MaxBodyBytes} bytes."), "application/json",
            (body, writer) => _operations.RunAsync(request, body, writer, context.RequestAborted)).ConfigureAwait(false);
    }
}
