using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Emulators.Events.Engine;

namespace Platform.Emulators.Events.Api;

/// <summary>
/// The errors of EventBridge (AWS JSON 1.1: <c>{"__type","message"}</c>, HTTP 400) and of
/// EventBridge Scheduler (REST-JSON: the code in <c>x-amzn-ErrorType</c>, <c>{"Message"}</c>, and
/// the status the model gives the code: 404 not found, 409 conflict).
/// </summary>
internal sealed class EventsErrorShape : IEdgeErrorShape
{
    public const string JsonContentType = "application/x-amz-json-1.1";

    public static readonly EventsErrorShape EventBridge = new(restJson: false);
    public static readonly EventsErrorShape Scheduler = new(restJson: true);

    private readonly bool _restJson;

    private EventsErrorShape(bool restJson)
    {
        _restJson = restJson;
        Failures = new(
            reason => Serialization("The request body was malformed: " + reason),
            () => Serialization("The request body did not arrive within the timeout period."),
            () => new EventsException("ServiceUnavailable", "The service is unavailable: the platform's disk is full. Try again later.", 503),
            () => new EventsException("InternalException", "The server encountered an internal error.", 500),
            Refused);
    }

    public EdgeFailures Failures { get; }

    public EventsException Serialization(string message) =>
        _restJson ? new("ValidationException", message) : new("SerializationException", message);

    private static EventsException Refused(EdgeRefusal refusal, string message)
    {
        var (code, text) = AwsJsonError.Refusal(refusal, message);
        return new(code, text, 403);
    }

    public EdgeException? Translate(Exception error) =>
        JsonText.IsInvalidString(error) ? Serialization("The request body contains a string that is not valid Unicode.") : null;

    public async Task WriteAsync(HttpContext context, EdgeException error)
    {
        if (!_restJson)
        {
            await AwsJsonError.WriteAsync(context, error.Status, error.Code, error.Message, JsonContentType).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.StatusCode = RestStatus(error);
        if (error.Status == 503)
            response.Headers.RetryAfter = "1";
        response.Headers["x-amzn-ErrorType"] = error.Code;
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("Message", error.Message);
            writer.WriteEndObject();
        }
        response.ContentType = "application/json";
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static int RestStatus(EdgeException error) => error.Code switch
    {
        "ResourceNotFoundException" => 404,
        "ConflictException" => 409,
        _ => error.Status,
    };
}
