using Platform.Emulators.Edge;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Platform.Emulators.Queues.Api.Operations;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api.Json;

/// <summary>SQS's JSON protocol (AWS JSON 1.0): <c>X-Amz-Target: AmazonSQS.{Operation}</c>, the
/// request and response as JSON objects whose members are SQS's names. Newer SDKs speak it.</summary>
internal sealed class JsonProtocol(QueueOperations queues, MessageOperations messages, MoveTaskOperations moveTasks)
{
    public const string ContentType = "application/x-amz-json-1.0";
    public const string TargetPrefix = "AmazonSQS.";
    private static readonly SqsJsonContext Json = SqsJsonContext.Default;

    public async Task RespondAsync(SqsCall call, EdgeBody body, string operation)
    {
        var ct = call.Aborted;
        var urls = call.Urls;
        var json = body.Memory;
        Platform.Emulators.Edge.EdgeTelemetry.NameOperation("SQS", operation);
        if (!SqsApi.MayRunWhenDiskFull(operation))
            EdgeCheck.RequireSpace(call.Context);
        switch (operation)
        {
            case "SendMessage":
                Write(call, await messages.SendMessageAsync(Read(json, Json.SendMessageRequest), ct).ConfigureAwait(false), Json.SendMessageResponse);
                break;
            case "SendMessageBatch":
                Write(call, await messages.SendMessageBatchAsync(Read(json, Json.SendMessageBatchRequest), ct).ConfigureAwait(false),
                    Json.SendMessageBatchResponse);
                break;
            case "ReceiveMessage":
                Write(call, await messages.ReceiveMessageAsync(Read(json, Json.ReceiveMessageRequest), ct).ConfigureAwait(false),
                    Json.ReceiveMessageResponse);
                break;
            case "DeleteMessage":
                Write(call, await messages.DeleteMessageAsync(Read(json, Json.DeleteMessageRequest), ct).ConfigureAwait(false), Json.EmptyResponse);
                break;
            case "DeleteMessageBatch":
                Write(call, await messages.DeleteMessageBatchAsync(Read(json, Json.DeleteMessageBatchRequest), ct).ConfigureAwait(false),
                    Json.BatchIdsResponse);
                break;
            case "ChangeMessageVisibility":
                Write(call, await messages.ChangeMessageVisibilityAsync(Read(json, Json.ChangeMessageVisibilityRequest), ct).ConfigureAwait(false),
                    Json.EmptyResponse);
                break;
            case "ChangeMessageVisibilityBatch":
                Write(call, await messages.ChangeMessageVisibilityBatchAsync(Read(json, Json.ChangeMessageVisibilityBatchRequest), ct)
                    .ConfigureAwait(false), Json.BatchIdsResponse);
                break;
            case "CreateQueue":
                Write(call, await queues.CreateQueueAsync(Read(json, Json.CreateQueueRequest), urls, ct).ConfigureAwait(false), Json.QueueUrlResponse);
                break;
            case "GetQueueUrl":
                Write(call, queues.GetQueueUrl(Read(json, Json.GetQueueUrlRequest), urls), Json.QueueUrlResponse);
                break;
            case "ListQueues":
                Write(call, queues.ListQueues(Read(json, Json.ListQueuesRequest), urls), Json.ListQueuesResponse);
                break;
            case "DeleteQueue":
                Write(call, await queues.DeleteQueueAsync(Read(json, Json.QueueRequest), ct).ConfigureAwait(false), Json.EmptyResponse);
                break;
            case "GetQueueAttributes":
                Write(call, queues.GetQueueAttributes(Read(json, Json.GetQueueAttributesRequest)), Json.QueueAttributesResponse);
                break;
            case "SetQueueAttributes":
                Write(call, await queues.SetQueueAttributesAsync(Read(json, Json.SetQueueAttributesRequest), ct).ConfigureAwait(false),
                    Json.EmptyResponse);
                break;
            case "PurgeQueue":
                Write(call, await queues.PurgeQueueAsync(Read(json, Json.QueueRequest), ct).ConfigureAwait(false), Json.EmptyResponse);
                break;
            case "ListDeadLetterSourceQueues":
                Write(call, queues.ListDeadLetterSourceQueues(Read(json, Json.ListDeadLetterSourceQueuesRequest), urls),
                    Json.ListDeadLetterSourceQueuesResponse);
                break;
            case "TagQueue":
                Write(call, await queues.TagQueueAsync(Read(json, Json.TagQueueRequest), ct).ConfigureAwait(false), Json.EmptyResponse);
                break;
            case "UntagQueue":
                Write(call, await queues.UntagQueueAsync(Read(json, Json.UntagQueueRequest), ct).ConfigureAwait(false), Json.EmptyResponse);
                break;
            case "ListQueueTags":
                Write(call, queues.ListQueueTags(Read(json, Json.QueueRequest)), Json.QueueTagsResponse);
                break;
            case "StartMessageMoveTask":
                Write(call, moveTasks.Start(Read(json, Json.StartMessageMoveTaskRequest)), Json.StartMessageMoveTaskResponse);
                break;
            case "ListMessageMoveTasks":
                Write(call, moveTasks.List(Read(json, Json.ListMessageMoveTasksRequest)), Json.ListMessageMoveTasksResponse);
                break;
            case "CancelMessageMoveTask":
                Write(call, moveTasks.Cancel(Read(json, Json.CancelMessageMoveTaskRequest)), Json.CancelMessageMoveTaskResponse);
                break;
            default:
                throw new QueueException("InvalidAction", $"The action {operation} is not valid for this endpoint.");
        }
    }

    /// <summary><c>{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":…}</c>; the query
    /// code travels in <c>x-amzn-query-error</c> for SDKs that are query-compatible.</summary>
    public static void WriteError(SqsCall call, string type, string? queryCode, string message, bool senderFault)
    {
        if (queryCode is not null)
            call.Context.Response.Headers["x-amzn-query-error"] = queryCode + (senderFault ? ";Sender" : ";Receiver");
        using var writer = new Utf8JsonWriter(call.Output);
        writer.WriteStartObject();
        writer.WriteString("__type", type);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }

    private static T Read<T>(ReadOnlyMemory<byte> json, JsonTypeInfo<T> type) where T : new()
    {
        // An SDK sends "{}" for an operation without members; be as lenient with an empty body.
        if (json.IsEmpty)
            return new T();
        return JsonSerializer.Deserialize(json.Span, type) ?? throw new JsonException("The request body is JSON null.");
    }

    private static void Write<T>(SqsCall call, T response, JsonTypeInfo<T> type)
    {
        using var writer = new Utf8JsonWriter(call.Output);
        JsonSerializer.Serialize(writer, response, type);
    }
}
