using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Edge;
using Platform.Emulators.Queues.Api.Json;
using Platform.Emulators.Queues.Api.Operations;
using Platform.Emulators.Queues.Api.Query;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api;

/// <summary>SQS on the edge port, in both of its wire protocols: the query protocol (form POSTs,
/// XML replies) and the JSON protocol (<c>X-Amz-Target: AmazonSQS.*</c>). Both decode into the same
/// operation records and run the same operations; only the codecs differ.</summary>
public sealed class SqsApi : IEdgeService
{
    /// <summary>A 256 KiB batch, every byte percent-encoded, plus its parameter names.</summary>
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly string _engineBase;
    private readonly QueryProtocol _query;
    private readonly JsonProtocol _json;
    private readonly EdgeEnvelope _envelope;

    public SqsApi(QueueEngine engine, ILogger<SqsApi> logger)
    {
        _engineBase = engine.Options.EndpointUrl.TrimEnd('/');
        var queues = new QueueOperations(engine);
        var messages = new MessageOperations(engine);
        var moveTasks = new MoveTaskOperations(engine);
        _query = new QueryProtocol(queues, messages, moveTasks);
        _json = new JsonProtocol(queues, messages, moveTasks);
        _envelope = new EdgeEnvelope(SqsErrorShape.Instance, logger);
    }

    public string Name => "sqs";

    /// <summary>JSON: the AmazonSQS target header. Query: a URL-encoded form POST (S3 has none: its
    /// browser uploads are multipart), or a GET carrying Action to "/" or a queue path.</summary>
    public bool CanHandle(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Amz-Target", out var target))
            return target.ToString().StartsWith(JsonProtocol.TargetPrefix, StringComparison.Ordinal);
        if (HttpMethods.IsPost(request.Method))
            return request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        return HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("Action") &&
               (request.Path.Value is "/" || QueryProtocol.QueuePath(request.Path.Value) is not null);
    }

    public Task HandleAsync(HttpContext context)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return _envelope.RunAsync(context, RespondAsync);
    }

    /// <summary>Reads and deletes still run on a full disk (a receive only moves a visibility
    /// timeout): consumers keep draining queues, which is how space is freed.</summary>
    internal static bool MayRunWhenDiskFull(string action) =>
        action.StartsWith("Delete", StringComparison.Ordinal) || action.StartsWith("Receive", StringComparison.Ordinal)
        || action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal)
        || action.StartsWith("ChangeMessageVisibility", StringComparison.Ordinal) || action is "PurgeQueue" or "CancelMessageMoveTask";

    private async Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var requestId = response.Headers["x-amzn-RequestId"].ToString();
        var target = request.Headers["X-Amz-Target"].ToString();
        var isJson = target.Length > 0;
        var clientBase = request.Host.HasValue ? string.Concat(request.Scheme, "://", request.Host.Value) : null;
        using var output = new PooledBufferWriter();
        var call = new SqsCall(context, requestId, new ClientQueueUrls(_engineBase, clientBase), output);
        using var body = await EdgeBody.ReadAsync(request, MaxBodyBytes,
            () => QueueErrors.InvalidParameterValue($"The request body is larger than {MaxBodyBytes} bytes."), context.RequestAborted)
            .ConfigureAwait(false);
        if (isJson)
        {
            if (request.ContentType?.StartsWith("application/x-amz-json-1.", StringComparison.OrdinalIgnoreCase) != true)
                throw SqsErrorShape.Serialization($"The Content-Type must be {JsonProtocol.ContentType}.");
            if (!body.IsValidUtf8)
                throw SqsErrorShape.Serialization("The request body is not valid UTF-8.");
            await _json.RespondAsync(call, body, target[JsonProtocol.TargetPrefix.Length..]).ConfigureAwait(false);
        }
        else
        {
            await _query.RespondAsync(call, body).ConfigureAwait(false);
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = isJson ? JsonProtocol.ContentType : QueryProtocol.ContentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
