using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Emulators.Events.Engine;

namespace Platform.Emulators.Events.Api;

/// <summary>EventBridge's AWS JSON 1.1 protocol on the edge port: <c>X-Amz-Target: AWSEvents.*</c>,
/// epoch-second timestamps, errors as <c>{"__type","message"}</c>.</summary>
public sealed class EventsApi(EventEngine engine, ILogger<EventsApi> logger) : IEdgeService
{
    public const string TargetPrefix = "AWSEvents.";

    /// <summary>PutEvents carries at most 256 KB of entries; the JSON around them and escaping can
    /// double that. Anything far beyond is refused unread.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly EventsOperations _operations = new(engine);
    private readonly EdgeEnvelope _envelope = new(EventsErrorShape.EventBridge, logger);

    public string Name => "events";

    public bool CanHandle(HttpRequest request) =>
        request.Headers.TryGetValue("X-Amz-Target", out var target) &&
        target.ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return _envelope.RunAsync(context, RespondAsync);
    }

    private async Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        var operation = request.Headers["X-Amz-Target"].ToString()[TargetPrefix.Length..];
        if (!operation.StartsWith("Delete", StringComparison.Ordinal) && !operation.StartsWith("Describe", StringComparison.Ordinal)
            && !operation.StartsWith("List", StringComparison.Ordinal) && operation != "TestEventPattern" && operation != "RemoveTargets")
            EdgeCheck.RequireSpace(context);
        await JsonExchange.RunAsync(context, EventsErrorShape.EventBridge, MaxBodyBytes,
            () => EventsErrors.Validation("Total size of the entries in the request is over the limit."), EventsErrorShape.JsonContentType,
            (body, writer) => _operations.RunAsync(operation, new EventsRequest(body), writer, context.RequestAborted)).ConfigureAwait(false);
    }
}
