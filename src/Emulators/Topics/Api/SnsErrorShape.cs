using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Emulators.Queues.Api;
using Platform.Emulators.Queues.Api.Query;
using Platform.Emulators.Topics.Engine;

namespace Platform.Emulators.Topics.Api;

/// <summary>SNS's errors: the query protocol's XML ErrorResponse in SNS's namespace.</summary>
internal sealed class SnsErrorShape : IEdgeErrorShape
{
    public static readonly SnsErrorShape Instance = new();

    public EdgeFailures Failures { get; } = new(
        _ => new TopicException("MalformedQueryString", "The request body is incomplete or malformed."),
        () => new TopicException("RequestTimeout", "The request body did not arrive within the timeout period."),
        () => new TopicException("ServiceUnavailable", "The request has failed due to a temporary failure of the server (its disk is full).", 503),
        () => new TopicException("InternalError", "We encountered an internal error. Please try again.", 500),
        Refused);

    private static TopicException Refused(EdgeRefusal refusal, string message) => refusal switch
    {
        EdgeRefusal.UnknownAccessKey => new("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
        EdgeRefusal.SignatureMismatch => new("SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.", 403),
        EdgeRefusal.ClockSkew => new("SignatureDoesNotMatch", "Signature expired: " + message, 403),
        EdgeRefusal.MissingAuthentication => new("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
        _ => new("AuthorizationError", message, 403),
    };

    public EdgeException? Translate(Exception error) => null;

    public async Task WriteAsync(HttpContext context, EdgeException error)
    {
        using var output = new PooledBufferWriter();
        var xml = new SqsXmlWriter(output);
        xml.Raw("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"u8);
        xml.Element("Type", error.Status < 500 ? "Sender" : "Receiver");
        xml.Element("Code", error.Code);
        xml.Element("Message", error.Message);
        xml.Raw("</Error>"u8);
        xml.Element("RequestId", context.Response.Headers["x-amzn-RequestId"].ToString());
        xml.Raw("</ErrorResponse>"u8);
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = SnsApi.ContentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
