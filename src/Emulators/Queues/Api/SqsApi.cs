using System.Text.Json;
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
public sealed partial class SqsApi : IEdgeService
{
    private readonly ILogger<SqsApi> _logger;
    private readonly string _engineBase;
    private readonly QueryProtocol _query;
    private readonly JsonProtocol _json;

    public SqsApi(QueueEngine engine, ILogger<SqsApi> logger)
    {
        _logger = logger;
        _engineBase = engine.Options.EndpointUrl.TrimEnd('/');
        var queues = new QueueOperations(engine);
        var messages = new MessageOperations(engine);
        var moveTasks = new MoveTaskOperations(engine);
        _query = new QueryProtocol(queues, messages, moveTasks);
        _json = new JsonProtocol(queues, messages, moveTasks);
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

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var requestId = Guid.NewGuid().ToString();
        var target = request.Headers["X-Amz-Target"].ToString();
        var isJson = target.Length > 0;
        var clientBase = request.Host.HasValue ? string.Concat(request.Scheme, "://", request.Host.Value) : null;
        using var output = new PooledBufferWriter();
        var call = new SqsCall(context, requestId, new ClientQueueUrls(_engineBase, clientBase), output);
        var status = StatusCodes.Status200OK;
        try
        {
            using var body = await RequestBody.ReadAsync(request, context.RequestAborted).ConfigureAwait(false);
            if (isJson)
            {
                if (request.ContentType?.StartsWith("application/x-amz-json-1.", StringComparison.OrdinalIgnoreCase) != true)
                {
                    status = StatusCodes.Status400BadRequest;
                    JsonProtocol.WriteError(call, "com.amazon.coral.service#SerializationException", null,
                        $"The Content-Type must be {JsonProtocol.ContentType}.", senderFault: true);
                }
                else
                {
                    await _json.RespondAsync(call, body, target[JsonProtocol.TargetPrefix.Length..]).ConfigureAwait(false);
                }
            }
            else
            {
                await _query.RespondAsync(call, body).ConfigureAwait(false);
            }
        }
        catch (QueueException error)
        {
            status = WriteError(call, isJson, error.Code, error.Message, error.StatusCode);
        }
        catch (JsonException error)
        {
            output.Clear();
            status = StatusCodes.Status400BadRequest;
            // A member of the wrong type or malformed JSON: what AWS's JSON services call a SerializationException.
            JsonProtocol.WriteError(call, "com.amazon.coral.service#SerializationException", null,
                error.Path is { } path ? $"Cannot deserialize the request at {path}." : "The request body is not valid JSON.", senderFault: true);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (BadHttpRequestException error)
        {
            LogBadRequest(_logger, requestId, error.Message);
            status = WriteError(call, isJson, "InvalidRequest", "The request body is incomplete or malformed.", 400);
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception error)
        {
            LogInternalError(_logger, error, requestId);
            status = WriteError(call, isJson, "InternalError", "We encountered an internal error. Please try again.", 500);
        }

        response.StatusCode = status;
        response.ContentType = isJson ? JsonProtocol.ContentType : QueryProtocol.ContentType;
        response.Headers["x-amzn-RequestId"] = requestId;
        response.ContentLength = output.WrittenCount;
        try
        {
            await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
    }

    private static int WriteError(SqsCall call, bool isJson, string code, string message, int engineStatus)
    {
        call.Output.Clear();
        var (jsonName, status) = SqsErrorCodes.For(code, engineStatus);
        var senderFault = status < 500;
        if (isJson)
            JsonProtocol.WriteError(call, SqsErrorCodes.JsonNamespace + jsonName, code, message, senderFault);
        else
            QueryProtocol.WriteError(call, code, message, senderFault);
        return status;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SQS request {RequestId} failed")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQS request {RequestId} had a malformed body: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string requestId, string reason);
}
