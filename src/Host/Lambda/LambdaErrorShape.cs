using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;

namespace Platform.Host.Lambda;

/// <summary>Lambda's error shape on the edge envelope: X-Amzn-ErrorType plus <c>{"Type","message"}</c>.
/// A body Lambda cannot read is InvalidRequestContentException; a fault of the platform is a
/// ServiceException whose text says nothing about the platform's internals.</summary>
internal sealed class LambdaErrorShape : IEdgeErrorShape
{
    public static readonly LambdaErrorShape Instance = new();

    public EdgeFailures Failures { get; } = new(
        _ => LambdaException.BadContent("Could not read the request body: it is incomplete or malformed."),
        () => LambdaException.BadContent("Could not read the request body: it did not arrive within the timeout period."),
        () => new LambdaException(503, "ServiceException", "The service is temporarily unavailable (the platform's disk is full). Try again later."),
        () => new LambdaException(500, "ServiceException", "The service encountered an internal error. Try again."),
        Refused);

    private static LambdaException Refused(EdgeRefusal refusal, string message)
    {
        var (code, text) = AwsJsonError.Refusal(refusal, message);
        return new(403, code, text);
    }

    public EdgeException? Translate(Exception error) => error switch
    {
        JsonException => LambdaException.BadContent("Could not parse request body into json: the body is not valid JSON."),
        // A string member that is not valid Unicode (an escaped lone surrogate) surfaces only when read.
        InvalidOperationException when JsonText.IsInvalidString(error) =>
            LambdaException.BadContent("Could not parse request body into json: a string is not valid Unicode."),
        _ => null,
    };

    public Task WriteAsync(HttpContext context, EdgeException error) =>
        LambdaResponses.WriteErrorAsync(context, error as LambdaException ?? new LambdaException(error.Status, error.Code, error.Message));
}
