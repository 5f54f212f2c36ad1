using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Emulators.Edge;

/// <summary>
/// What the AWS JSON protocols (1.0 and 1.1: Kinesis, EventBridge, …) and Lambda-style REST-JSON APIs
/// share in their errors: the codes and texts of a refused request, and the
/// <c>{"__type","message"}</c> body. Each API's <see cref="IEdgeErrorShape"/> adds its own status and
/// exception type.
/// </summary>
public static class AwsJsonError
{
    /// <summary>The code and message AWS's JSON services answer a refused request with.</summary>
    public static (string Code, string Message) Refusal(EdgeRefusal refusal, string message) => refusal switch
    {
        EdgeRefusal.UnknownAccessKey => ("UnrecognizedClientException", "The security token included in the request is invalid."),
        EdgeRefusal.SignatureMismatch => ("InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."),
        EdgeRefusal.ClockSkew => ("InvalidSignatureException", "Signature expired: " + message),
        EdgeRefusal.MissingAuthentication => ("MissingAuthenticationTokenException", "Missing Authentication Token"),
        _ => ("AccessDeniedException", message),
    };

    /// <summary>Writes <c>{"__type": code, "message": text}</c> with its length; a 503 says when to try again.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string type, string message, string contentType)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
            response.Headers.RetryAfter = "1";
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", type);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        response.ContentType = contentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
