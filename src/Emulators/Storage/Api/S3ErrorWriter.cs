using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>S3's error document. HEAD replies carry the status only, as S3's do.</summary>
internal sealed class S3ErrorWriter : IEdgeErrorShape
{
    public static readonly S3ErrorWriter Instance = new();

    public EdgeFailures Failures { get; } = new(
        _ => StorageErrors.IncompleteBody(),
        () => new StorageException("RequestTimeout",
            "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.", 400),
        () => new StorageException("ServiceUnavailable", "Please reduce your request rate. (The platform's disk is full.)", 503),
        () => new StorageException("InternalError", "We encountered an internal error. Please try again.", 500),
        Refused);

    public bool DecidesForeignOrigins => true;

    private static StorageException Refused(EdgeRefusal refusal, string message) => refusal switch
    {
        EdgeRefusal.UnknownAccessKey => new("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403),
        EdgeRefusal.SignatureMismatch => new("SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.", 403),
        EdgeRefusal.ClockSkew when message.StartsWith("Request has expired", StringComparison.Ordinal) => new("AccessDenied", message, 403),
        EdgeRefusal.ClockSkew => new("RequestTimeTooSkewed", "The difference between the request time and the current time is too large. " + message, 403),
        _ => new("AccessDenied", message.Length > 0 ? message : "Access Denied", 403),
    };

    public EdgeException? Translate(Exception error) => null;

    public Task WriteAsync(HttpContext context, EdgeException error) => WriteAsync(context, error,
        context.Response.Headers["x-amz-request-id"].ToString(), context.Response.Headers["x-amz-id-2"].ToString());

    public static async Task WriteAsync(HttpContext context, EdgeException error, string requestId, string hostId)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.StatusCode = error.Status;
        if (error.Status == 503)
            response.Headers.RetryAfter = "1";
        if (HttpMethods.IsHead(context.Request.Method) || error.Status == 304)
            return;

        var xml = S3Xml.Render("Error", writer =>
        {
            writer.Element("Code", error.Code);
            writer.Element("Message", error.Message);
            if (error is StorageException { Details: var details })
            {
                foreach (var (name, value) in details)
                    writer.Element(name, value);
            }
            writer.Element("RequestId", requestId);
            writer.Element("HostId", hostId);
        }, withNamespace: false);
        await S3Xml.WriteAsync(response, error.Status, xml, context.RequestAborted).ConfigureAwait(false);
    }
}
