using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Emulators.Queues.Api;
using Platform.Emulators.Queues.Api.Query;
using Platform.Emulators.Topics.Engine;

namespace Platform.Emulators.Topics.Api;

/// <summary>SNS on the edge port: the query protocol (form POSTs, XML replies) — the only one SNS
/// has; the aws CLI v2 and v1, boto3 and the JavaScript SDK v3 all speak it.</summary>
public sealed class SnsApi : IEdgeService
{
    public const string ContentType = "text/xml";

    /// <summary>A 256 KiB batch, every byte percent-encoded, plus its parameter names.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly SnsOperations _operations;
    private readonly EdgeEnvelope _envelope;

    public SnsApi(TopicEngine engine, ILogger<SnsApi> logger)
    {
        _operations = new SnsOperations(engine);
        _envelope = new EdgeEnvelope(SnsErrorShape.Instance, logger);
    }

    public string Name => "sns";

    /// <summary>SNS and SQS share the query protocol's form POST to "/"; the request's SigV4 credential
    /// scope (<c>…/{region}/sns/aws4_request</c>, in the Authorization header or a presigned URL's
    /// X-Amz-Credential) names the service. A GET to "/" with ConfirmSubscription or Unsubscribe is
    /// a SubscribeURL or UnsubscribeURL followed by a subscriber.</summary>
    public bool CanHandle(HttpRequest request)
    {
        if (request.Headers.ContainsKey("X-Amz-Target"))
            return false;
        if (HttpMethods.IsGet(request.Method))
            return request.Path.Value is "/" && request.Query["Action"].ToString() is "ConfirmSubscription" or "Unsubscribe"
                && (request.Query.ContainsKey("Token") || request.Query.ContainsKey("SubscriptionArn"));
        if (!HttpMethods.IsPost(request.Method) ||
            request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            return false;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
            return authorization.Contains("/sns/aws4_request", StringComparison.Ordinal);
        return request.Query["X-Amz-Credential"].ToString().Contains("/sns/aws4_request", StringComparison.Ordinal);
    }

    public Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return _envelope.RunAsync(context, RespondAsync);
    }

    private async Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        using var body = await EdgeBody.ReadAsync(request, MaxBodyBytes,
            () => TopicErrors.InvalidParameter("Message too long"), context.RequestAborted).ConfigureAwait(false);
        QueryForm form;
        try
        {
            form = QueryForm.Parse(body.Span, request.QueryString.Value);
        }
        catch (Queues.Engine.QueueException error)
        {
            // The shared form reader speaks SQS's codes; SNS calls a field it cannot read InvalidParameter.
            throw TopicErrors.InvalidParameter(error.Message);
        }
        var action = form["Action"];
        if (string.IsNullOrEmpty(action))
            throw new TopicException("MissingAction", "The request must contain the parameter Action.");
        if (!SnsOperations.MayRunWhenDiskFull(action))
            EdgeCheck.RequireSpace(context);

        var result = await _operations.RunAsync(action, form, context.RequestAborted).ConfigureAwait(false);
        using var output = new PooledBufferWriter();
        new SnsResponseWriter(new SqsXmlWriter(output)).Write(action, response.Headers["x-amzn-RequestId"].ToString(), result);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
