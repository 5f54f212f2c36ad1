using Microsoft.AspNetCore.Http;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Dashboard.Topology;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>
/// /_platform/queues: every SQS queue with its depth and dead-letter wiring; <c>{name}/messages</c>
/// peeks (GET, no visibility change) or sends (POST, the body is the message body, or
/// <c>{"body", "messageGroupId", "messageDeduplicationId", "delaySeconds"}</c> with
/// <c>Content-Type: application/json</c>); <c>{name}/purge</c> (SQS's PurgeQueue, with its once-a-minute
/// limit) and <c>{name}/redrive</c> (a message move task back to the source queues; GET shows its progress).
/// </summary>
internal sealed class QueueViews(QueueEngine queues, QueueDepths depths)
{
    public Task ListAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, json =>
    {
        var names = Names();
        json.WriteStartArray();
        foreach (var name in names)
        {
                        var (visible, inFlight, delayed) = queues.CountMessages(name);
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("arn", queues.GetQueueArn(name));
            json.WriteString("url", queues.GetQueueUrl(name));
            json.WriteBoolean("fifo", name.EndsWith(".fifo", StringComparison.Ordinal));
            json.WriteNumber("visible", visible);
            json.WriteNumber("inFlight", inFlight);
            json.WriteNumber("delayed", delayed);
            WriteOptional(json, "deadLetterQueue", depths.DeadLetterQueue(name));

            WriteStrings(json, "deadLetterSources", queues.ListDeadLetterSourceQueues(name).QueueUrls.Select(NameOf));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    public Task PeekAsync(HttpContext context, string name)
    {
        var limit = Math.Clamp(Number(context.Request.Query["limit"], 50), 1, 1000);
        var messages = queues.PeekMessages(name, limit);
        return WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartArray();
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("messageId", message.MessageId);
                json.WriteString("body", message.Body);
                json.WriteString("state", message.State);
                json.WriteNumber("receiveCount", message.ReceiveCount);
                json.WriteString("sentAt", message.SentAt);
                json.WriteString("visibleAt", message.VisibleAt);
                WriteOptional(json, "messageGroupId", message.MessageGroupId);
                WriteOptional(json, "deadLetterSource", message.DeadLetterSource);
                json.WriteStartObject("messageAttributes");
                foreach (var (key, value) in message.MessageAttributes)
                {
                    json.WriteStartObject(key);
                    json.WriteString("dataType", value.DataType);
                    WriteOptional(json, "stringValue", value.StringValue);
                    if (value.BinaryValue is { } binary)
                        json.WriteBase64String("binaryValue", binary);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    public async Task SendAsync(HttpContext context, string name)
    {
        OutgoingMessage message;
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            var body = await DashboardRequest.ReadJsonAsync(context).ConfigureAwait(false);
            message = new OutgoingMessage
            {
                Body = DashboardRequest.String(body, "body") ?? throw DashboardRequest.BadRequest("\"body\" (a string) is required."),
                MessageGroupId = DashboardRequest.String(body, "messageGroupId"),
                MessageDeduplicationId = DashboardRequest.String(body, "messageDeduplicationId"),
                Delay = body.TryGetProperty("delaySeconds", out var delay) && delay.TryGetInt32(out var seconds) ? TimeSpan.FromSeconds(seconds) : null,
            };
        }
        else
        {
            message = new OutgoingMessage { Body = await DashboardRequest.ReadTextAsync(context).ConfigureAwait(false) };
        }

        var sent = await queues.SendMessageAsync(name, message, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("messageId", sent.MessageId);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task PurgeAsync(HttpContext context, string name)
    {
        await queues.PurgeQueueAsync(name, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("purged", name);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Starts SQS's message move task from this dead-letter queue back to the queues its
    /// messages came from (SQS's own rules and errors: only a DLQ, one running task at a time).</summary>
    public Task RedriveAsync(HttpContext context, string name)
    {
        var handle = queues.StartMessageMoveTask(queues.GetQueueArn(name));
        return WriteAsync(context, StatusCodes.Status202Accepted, json =>
        {
            json.WriteStartObject();
            json.WriteString("taskHandle", handle);
            json.WriteEndObject();
        });
    }

    public Task RedriveStatusAsync(HttpContext context, string name) => WriteAsync(context, StatusCodes.Status200OK, json =>
    {
        json.WriteStartArray();
        foreach (var task in queues.ListMessageMoveTasks(queues.GetQueueArn(name), 10))
        {
            json.WriteStartObject();
            json.WriteString("status", task.Status);
            json.WriteNumber("moved", task.ApproximateNumberOfMessagesMoved);
            json.WriteNumber("toMove", task.ApproximateNumberOfMessagesToMove);
            WriteOptional(json, "failureReason", task.FailureReason);
            json.WriteString("startedAt", task.StartedTimestamp);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    public IReadOnlyList<string> Names() => [.. queues.ListQueues().QueueUrls.Select(NameOf).Order(StringComparer.Ordinal)];

    private static string NameOf(string url) => url[(url.LastIndexOf('/') + 1)..];
}
