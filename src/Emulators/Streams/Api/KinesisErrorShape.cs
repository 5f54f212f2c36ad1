using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Emulators.Streams.Engine;

namespace Platform.Emulators.Streams.Api;

/// <summary>Kinesis's errors: <c>{"__type","message"}</c> as JSON 1.1, except for a request whose
/// Content-Type is not JSON at all, which Kinesis answers 404 with a bare XML element.</summary>
internal sealed class KinesisErrorShape : IEdgeErrorShape
{
    public const string JsonContentType = "application/x-amz-json-1.1";
    private const string NotJsonCode = "UnknownOperationException/NotJson";

    public static readonly KinesisErrorShape Instance = new();

    public EdgeFailures Failures { get; } = new(
        reason => KinesisApiErrors.Serialization("The request body was malformed: " + reason),
        () => KinesisApiErrors.Serialization("The request body did not arrive within the timeout period."),
        () => new StreamException("ServiceUnavailable", "The service is unavailable: the platform's disk is full. Try again later.", 503),
        () => new StreamException("InternalFailure", "The server encountered an internal error.", 500),
        Refused);

    // Kinesis answers a refused request 400, not 403.
    private static StreamException Refused(EdgeRefusal refusal, string message)
    {
        var (code, text) = AwsJsonError.Refusal(refusal, message);
        return new(code, text, 400);
    }

    /// <summary>A string member that is not valid UTF-16 once unescaped ("\ud800") surfaces only when read.</summary>
    public EdgeException? Translate(Exception error) =>
        JsonText.IsInvalidString(error)
            ? KinesisApiErrors.Serialization("The request body contains a string that is not valid Unicode.")
            : null;

    /// <summary>A body in a type Kinesis does not parse: it answers 404 with <c>&lt;UnknownOperationException/&gt;</c>.</summary>
    public static StreamException UnknownOperation() => new(NotJsonCode, "", 404);

    public async Task WriteAsync(HttpContext context, EdgeException error)
    {
        if (error.Code == NotJsonCode)
        {
            var response = context.Response;
            response.StatusCode = error.Status;
            var xml = "<UnknownOperationException/>\n"u8.ToArray();
            response.ContentLength = xml.Length;
            await response.Body.WriteAsync(xml, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await AwsJsonError.WriteAsync(context, error.Status, error.Code, error.Message, JsonContentType).ConfigureAwait(false);
    }
}
