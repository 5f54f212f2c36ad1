using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Emulators.Queues.Api.Json;
using Platform.Emulators.Queues.Api.Operations;
using Platform.Emulators.Queues.Api.Query;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api;

/// <summary>SQS's errors on either protocol: the query protocol's XML ErrorResponse, or the JSON
/// protocol's <c>{"__type","message"}</c> with the x-amzn-query-error header.</summary>
internal sealed class SqsErrorShape : IEdgeErrorShape
{
    public const string SerializationCode = "SerializationException";
    private const string CoralSerialization = "com.amazon.coral.service#SerializationException";

    public static readonly SqsErrorShape Instance = new();

    public EdgeFailures Failures { get; } = new(
        _ => new QueueException("InvalidRequest", "The request body is incomplete or malformed."),
        () => new QueueException("RequestTimeout", "The request body did not arrive within the timeout period."),
        () => new QueueException("ServiceUnavailable", "The request has failed due to a temporary failure of the server (its disk is full).", 503),
        () => new QueueException("InternalError", "We encountered an internal error. Please try again.", 500),
        Refused);

    private static QueueException Refused(EdgeRefusal refusal, string message) => refusal switch
    {
        EdgeRefusal.UnknownAccessKey => new("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
        EdgeRefusal.SignatureMismatch => new("SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.", 403),
        EdgeRefusal.ClockSkew => new("SignatureDoesNotMatch", "Signature expired: " + message, 403),
        EdgeRefusal.MissingAuthentication => new("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
        _ => new("AccessDenied", message, 403),
    };

    /// <summary>A member of the wrong type or malformed JSON: what AWS's JSON services call a SerializationException.</summary>
    public EdgeException? Translate(Exception error) => error is JsonException json
        ? Serialization(json.Path is { } path ? $"Cannot deserialize the request at {path}." : "The request body is not valid JSON.")
        : null;

    public static EdgeException Serialization(string message) => new(SerializationCode, message, 400);

    public async Task WriteAsync(HttpContext context, EdgeException error)
    {
        var request = context.Request;
        var isJson = request.Headers.ContainsKey("X-Amz-Target");
        var requestId = context.Response.Headers["x-amzn-RequestId"].ToString();
        using var output = new PooledBufferWriter();
        var call = new SqsCall(context, requestId, new ClientQueueUrls("", null), output);
        int status;
        if (error.Code == SerializationCode)
        {
            status = StatusCodes.Status400BadRequest;
            JsonProtocol.WriteError(call, CoralSerialization, null, error.Message, senderFault: true);
        }
        else
        {
            var (jsonName, mapped) = SqsErrorCodes.For(error.Code, error.Status);
            status = mapped;
            if (isJson)
                JsonProtocol.WriteError(call, SqsErrorCodes.JsonNamespace + jsonName, error.Code, error.Message, status < 500);
            else
                QueryProtocol.WriteError(call, error.Code, error.Message, status < 500);
        }

        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = isJson ? JsonProtocol.ContentType : QueryProtocol.ContentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
