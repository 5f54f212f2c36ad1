using System.Buffers;
using System.Text.Json;
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
        using var body = await EdgeBody.ReadAsync(request, MaxBodyBytes,
            () => EventsErrors.Validation("Total size of the entries in the request is over the limit."), context.RequestAborted).ConfigureAwait(false);
        if (!body.IsValidUtf8)
            throw EventsErrorShape.EventBridge.Serialization("The request body is not valid UTF-8.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body.Memory);
        }
        catch (JsonException)
        {
            throw EventsErrorShape.EventBridge.Serialization("The request body is not valid JSON.");
        }

        var output = new ArrayBufferWriter<byte>(256);
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw EventsErrorShape.EventBridge.Serialization("The request body must be a JSON object.");
            using var writer = new Utf8JsonWriter(output);
            writer.WriteStartObject();
            await _operations.RunAsync(operation, new EventsRequest(document.RootElement), writer, context.RequestAborted).ConfigureAwait(false);
            writer.WriteEndObject();
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = EventsErrorShape.JsonContentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
