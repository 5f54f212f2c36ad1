using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;

namespace Platform.Host.ApiGateway;

/// <summary>Both API Gateway APIs' error shape: X-Amzn-ErrorType and <c>{"message":…}</c>, from which
/// botocore and the JavaScript SDK read the code and the text.</summary>
internal sealed class ApiGatewayErrorShape : IEdgeErrorShape
{
    public static readonly ApiGatewayErrorShape Instance = new();

    public EdgeFailures Failures { get; } = new(
        _ => ApiGatewayException.BadRequest("Could not read the request body: it is incomplete or malformed."),
        () => ApiGatewayException.BadRequest("Could not read the request body: it did not arrive within the timeout period."),
        () => new ApiGatewayException(503, "ServiceUnavailableException", "The service is temporarily unavailable (the platform's disk is full). Try again later."),
        () => new ApiGatewayException(500, "InternalFailureException", "The service encountered an internal error. Try again."),
        (refusal, message) => refusal switch
        {
            EdgeRefusal.UnknownAccessKey => new ApiGatewayException(403, "UnrecognizedClientException", "The security token included in the request is invalid."),
            EdgeRefusal.SignatureMismatch or EdgeRefusal.ClockSkew => new ApiGatewayException(403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."),
            EdgeRefusal.MissingAuthentication => new ApiGatewayException(403, "MissingAuthenticationTokenException", "Missing Authentication Token"),
            _ => new ApiGatewayException(403, "AccessDeniedException", message),
        });

    public EdgeException? Translate(Exception error) => error switch
    {
        JsonException json => ApiGatewayException.BadRequest("Could not parse request body into json: " + FirstLine(json.Message)),
        InvalidOperationException when JsonText.IsInvalidString(error) =>
            ApiGatewayException.BadRequest("Could not parse request body into json: a string is not valid Unicode."),
        _ => null,
    };

    public async Task WriteAsync(HttpContext context, EdgeException error)
    {
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["X-Amzn-ErrorType"] = error.Code;
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("message", error.Message);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    // System.Text.Json's messages name a path and position after the first sentence; the reason is enough.
    private static string FirstLine(string message) => message.Split(" Path:", 2)[0];
}
