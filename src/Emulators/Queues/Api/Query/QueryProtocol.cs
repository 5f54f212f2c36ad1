using Platform.Emulators.Edge;
using Platform.Emulators.Queues.Api.Operations;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api.Query;

/// <summary>SQS's query protocol: form fields in (<c>Action=…&amp;Version=2012-11-05</c>, POSTed to
/// "/" or to the queue URL), XML out. What the aws CLI v2 and boto3 1.26 speak.</summary>
internal sealed class QueryProtocol(QueueOperations queues, MessageOperations messages, MoveTaskOperations moveTasks)
{
    public const string ContentType = "text/xml";

    public async Task RespondAsync(SqsCall call, EdgeBody body)
    {
        var request = call.Context.Request;
        var form = QueryForm.Parse(body.Span, request.QueryString.Value);
        var action = form["Action"];
        if (string.IsNullOrEmpty(action))
            throw new QueueException("MissingAction", "The request must contain the parameter Action.");
        Platform.Emulators.Edge.EdgeTelemetry.NameOperation("SQS", action);
        if (!SqsApi.MayRunWhenDiskFull(action))
            EdgeCheck.RequireSpace(call.Context);
        // The query protocol may address the queue by posting to its URL instead of a QueueUrl field.
        if (form["QueueUrl"] is null && QueuePath(request.Path.Value) is { } path)
            form.Set("QueueUrl", call.Urls.ForClient(string.Concat("http://", request.Host.Value, path)));

        var ct = call.Aborted;
        object response = action switch
        {
            "SendMessage" => await messages.SendMessageAsync(QueryRequestReader.SendMessage(form), ct).ConfigureAwait(false),
            "SendMessageBatch" => await messages.SendMessageBatchAsync(QueryRequestReader.SendMessageBatch(form), ct).ConfigureAwait(false),
            "ReceiveMessage" => await messages.ReceiveMessageAsync(QueryRequestReader.ReceiveMessage(form), ct).ConfigureAwait(false),
            "DeleteMessage" => await messages.DeleteMessageAsync(QueryRequestReader.DeleteMessage(form), ct).ConfigureAwait(false),
            "DeleteMessageBatch" => await messages.DeleteMessageBatchAsync(QueryRequestReader.DeleteMessageBatch(form), ct).ConfigureAwait(false),
            "ChangeMessageVisibility" => await messages.ChangeMessageVisibilityAsync(QueryRequestReader.ChangeMessageVisibility(form), ct)
                .ConfigureAwait(false),
            "ChangeMessageVisibilityBatch" => await messages.ChangeMessageVisibilityBatchAsync(
                QueryRequestReader.ChangeMessageVisibilityBatch(form), ct).ConfigureAwait(false),
            "CreateQueue" => await queues.CreateQueueAsync(QueryRequestReader.CreateQueue(form), call.Urls, ct).ConfigureAwait(false),
            "GetQueueUrl" => queues.GetQueueUrl(QueryRequestReader.GetQueueUrl(form), call.Urls),
            "ListQueues" => queues.ListQueues(QueryRequestReader.ListQueues(form), call.Urls),
            "DeleteQueue" => await queues.DeleteQueueAsync(QueryRequestReader.Queue(form), ct).ConfigureAwait(false),
            "GetQueueAttributes" => queues.GetQueueAttributes(QueryRequestReader.GetQueueAttributes(form)),
            "SetQueueAttributes" => await queues.SetQueueAttributesAsync(QueryRequestReader.SetQueueAttributes(form), ct).ConfigureAwait(false),
            "PurgeQueue" => await queues.PurgeQueueAsync(QueryRequestReader.Queue(form), ct).ConfigureAwait(false),
            "ListDeadLetterSourceQueues" => queues.ListDeadLetterSourceQueues(QueryRequestReader.ListDeadLetterSourceQueues(form), call.Urls),
            "TagQueue" => await queues.TagQueueAsync(QueryRequestReader.TagQueue(form), ct).ConfigureAwait(false),
            "UntagQueue" => await queues.UntagQueueAsync(QueryRequestReader.UntagQueue(form), ct).ConfigureAwait(false),
            "ListQueueTags" => queues.ListQueueTags(QueryRequestReader.Queue(form)),
            "StartMessageMoveTask" => moveTasks.Start(QueryRequestReader.StartMessageMoveTask(form)),
            "ListMessageMoveTasks" => moveTasks.List(QueryRequestReader.ListMessageMoveTasks(form)),
            "CancelMessageMoveTask" => moveTasks.Cancel(QueryRequestReader.CancelMessageMoveTask(form)),
            _ => throw new QueueException("InvalidAction", $"The action {action} is not valid for this endpoint."),
        };

        QueryResponseWriter.Write(new SqsXmlWriter(call.Output), action, call.RequestId, response);
    }

    public static void WriteError(SqsCall call, string code, string message, bool senderFault) =>
        QueryResponseWriter.WriteError(new SqsXmlWriter(call.Output), senderFault ? "Sender" : "Receiver", code, message, call.RequestId);

    /// <summary>"/{account}/{queue}" (12-digit account), or null.</summary>
    public static string? QueuePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length < 16 || path[0] != '/' || path[13] != '/')
            return null;
        var account = path.AsSpan(1, 12);
        var name = path.AsSpan(14).TrimEnd('/');
        return !account.ContainsAnyExceptInRange('0', '9') && name.Length > 0 && !name.Contains('/') ? path : null;
    }
}
