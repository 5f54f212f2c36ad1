using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Emulators.Events.Engine;

namespace Platform.Emulators.Events.Api;

/// <summary>The request/response frame both EventBridge protocols share: a bounded UTF-8 JSON object
/// in (an empty body is <c>{}</c>), the operation writes its members, a 200 with them out.</summary>
internal static class JsonExchange
{
    public static async Task RunAsync(HttpContext context, EventsErrorShape shape, int maxBodyBytes, Func<EventsException> tooLarge,
        string contentType, Func<JsonElement, Utf8JsonWriter, Task> operation)
    {
        var request = context.Request;
        using var body = await EdgeBody.ReadAsync(request, maxBodyBytes, tooLarge, context.RequestAborted).ConfigureAwait(false);
        if (!body.IsValidUtf8)
            throw shape.Serialization("The request body is not valid UTF-8.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body.Memory);
        }
        catch (JsonException)
        {
            throw shape.Serialization("The request body is not valid JSON.");
        }

        var output = new ArrayBufferWriter<byte>(256);
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw shape.Serialization("The request body must be a JSON object.");
            using var writer = new Utf8JsonWriter(output);
            writer.WriteStartObject();
            await operation(document.RootElement, writer).ConfigureAwait(false);
            writer.WriteEndObject();
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
