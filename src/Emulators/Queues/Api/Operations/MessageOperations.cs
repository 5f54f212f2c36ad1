using System.Globalization;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api.Operations;

/// <summary>SQS's message-level operations, protocol-neutral (see <see cref="QueueOperations"/>).
/// The send path is the hot one: no LINQ, one engine call.</summary>
internal sealed class MessageOperations(QueueEngine engine)
{
    private const string TraceHeader = "AWSTraceHeader";

    private static readonly HashSet<string> ReceivableAttributes = new(StringComparer.Ordinal)
    {
        "All", "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp",
        "SequenceNumber", "MessageDeduplicationId", "MessageGroupId", "DeadLetterQueueSourceArn", TraceHeader,
        "SqsManagedSseEnabled",
    };

    public async Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        var (message, systemMd5) = ToOutgoing(request.MessageBody, request.DelaySeconds, request.MessageAttributes,
            request.MessageSystemAttributes, request.MessageGroupId, request.MessageDeduplicationId);
        var sent = await engine.SendMessageAsync(queue, message, cancellationToken).ConfigureAwait(false);
        return new SendMessageResponse
        {
            MessageId = sent.MessageId,
            MD5OfMessageBody = sent.MD5OfBody,
            MD5OfMessageAttributes = sent.MD5OfMessageAttributes,
            MD5OfMessageSystemAttributes = systemMd5,
            SequenceNumber = sent.SequenceNumber,
        };
    }

    public async Task<SendMessageBatchResponse> SendMessageBatchAsync(SendMessageBatchRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        var entries = Require.Entries(request.Entries);
        var outgoing = new List<BatchEntry<OutgoingMessage>>(entries.Count);
        var systemMd5s = new Dictionary<string, string?>(StringComparer.Ordinal);
        var failed = new List<BatchResultErrorEntry>();
        foreach (var entry in entries)
        {
            var id = entry.Id ?? "";
            try
            {
                var (message, systemMd5) = ToOutgoing(entry.MessageBody, entry.DelaySeconds, entry.MessageAttributes,
                    entry.MessageSystemAttributes, entry.MessageGroupId, entry.MessageDeduplicationId);
                outgoing.Add(new BatchEntry<OutgoingMessage>(id, message));
                systemMd5s[id] = systemMd5;
            }
            catch (QueueException e)
            {
                // A malformed entry fails alone, as in SQS; the rest of the batch still goes.
                outgoing.Add(new BatchEntry<OutgoingMessage>(id, new OutgoingMessage { Body = "" }));
                systemMd5s[id] = null;
                failed.Add(new BatchResultErrorEntry(id, true, e.Code, e.Message));
            }
        }

        var failedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in failed)
            failedIds.Add(f.Id);
        // The engine checks the batch as a whole (count, ids, total size) and each entry; entries we
        // already refused are sent as empty bodies only so that it still sees every id, and are
        // reported with our error instead of the engine's.
        var result = await engine.SendMessageBatchAsync(queue, outgoing, cancellationToken).ConfigureAwait(false);
        var successful = new List<SendMessageBatchResultEntry>(result.Successful.Count);
        foreach (var entry in result.Successful)
        {
            successful.Add(new SendMessageBatchResultEntry
            {
                Id = entry.Id,
                MessageId = entry.Value.MessageId,
                MD5OfMessageBody = entry.Value.MD5OfBody,
                MD5OfMessageAttributes = entry.Value.MD5OfMessageAttributes,
                MD5OfMessageSystemAttributes = systemMd5s.GetValueOrDefault(entry.Id),
                SequenceNumber = entry.Value.SequenceNumber,
            });
        }

        foreach (var error in result.Failed)
        {
            if (!failedIds.Contains(error.Id))
                failed.Add(new BatchResultErrorEntry(error.Id, error.SenderFault, error.Code, error.Message));
        }

        return new SendMessageBatchResponse(successful, failed);
    }

    public async Task<ReceiveMessageResponse> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        AddAttributeNames(wanted, request.AttributeNames);
        AddAttributeNames(wanted, request.MessageSystemAttributeNames);
        var receive = engine.CreateApiReceiveRequest(queue, request.MaxNumberOfMessages, request.VisibilityTimeout, request.WaitTimeSeconds);
        var received = await engine.ReceiveMessagesAsync(queue, receive, cancellationToken).ConfigureAwait(false);
        var messages = new List<MessageDto>(received.Count);
        foreach (var message in received)
            messages.Add(ToDto(message, wanted, request.MessageAttributeNames));
        return new ReceiveMessageResponse(messages.Count == 0 ? null : messages);
    }

    public async Task<EmptyResponse> DeleteMessageAsync(DeleteMessageRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        await engine.DeleteMessageAsync(queue, Require.Value(request.ReceiptHandle, "ReceiptHandle"), cancellationToken).ConfigureAwait(false);
        return EmptyResponse.Instance;
    }

    public async Task<BatchIdsResponse> DeleteMessageBatchAsync(DeleteMessageBatchRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        var entries = Require.Entries(request.Entries);
        var batch = new List<BatchEntry<string>>(entries.Count);
        foreach (var entry in entries)
            batch.Add(new BatchEntry<string>(entry.Id ?? "", entry.ReceiptHandle ?? ""));
        var result = await engine.DeleteMessageBatchAsync(queue, batch, cancellationToken).ConfigureAwait(false);
        return ToIdsResponse(result);
    }

    public async Task<EmptyResponse> ChangeMessageVisibilityAsync(ChangeMessageVisibilityRequest request, CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        var handle = Require.Value(request.ReceiptHandle, "ReceiptHandle");
        var timeout = request.VisibilityTimeout ?? throw QueueErrors.MissingParameter("VisibilityTimeout");
        await engine.ChangeMessageVisibilityAsync(queue, handle, TimeSpan.FromSeconds(timeout), cancellationToken).ConfigureAwait(false);
        return EmptyResponse.Instance;
    }

    public async Task<BatchIdsResponse> ChangeMessageVisibilityBatchAsync(ChangeMessageVisibilityBatchRequest request,
        CancellationToken cancellationToken)
    {
        var queue = Resolve(request.QueueUrl);
        var entries = Require.Entries(request.Entries);
        var batch = new List<BatchEntry<VisibilityChange>>(entries.Count);
        foreach (var entry in entries)
        {
            batch.Add(new BatchEntry<VisibilityChange>(entry.Id ?? "",
                new VisibilityChange(entry.ReceiptHandle ?? "", TimeSpan.FromSeconds(entry.VisibilityTimeout ?? 0))));
        }

        var result = await engine.ChangeMessageVisibilityBatchAsync(queue, batch, cancellationToken).ConfigureAwait(false);
        return ToIdsResponse(result);
    }

    private string Resolve(string? queueUrl) => engine.ResolveQueueName(Require.Value(queueUrl, "QueueUrl"));

    private static BatchIdsResponse ToIdsResponse<T>(BatchResult<T> result)
    {
        var successful = new List<BatchResultEntry>(result.Successful.Count);
        foreach (var entry in result.Successful)
            successful.Add(new BatchResultEntry(entry.Id));
        var failed = new List<BatchResultErrorEntry>(result.Failed.Count);
        foreach (var error in result.Failed)
            failed.Add(new BatchResultErrorEntry(error.Id, error.SenderFault, error.Code, error.Message));
        return new BatchIdsResponse(successful, failed);
    }

    private static (OutgoingMessage Message, string? SystemMd5) ToOutgoing(string? body, int? delaySeconds,
        Dictionary<string, MessageAttributeValueDto>? attributes, Dictionary<string, MessageAttributeValueDto>? systemAttributes,
        string? groupId, string? deduplicationId)
    {
        var message = new OutgoingMessage
        {
            Body = Require.Value(body, "MessageBody"),
            Delay = delaySeconds is { } delay ? TimeSpan.FromSeconds(delay) : null,
            MessageAttributes = attributes is { Count: > 0 } ? ToEngine(attributes) : NoAttributes,
            MessageGroupId = groupId,
            MessageDeduplicationId = deduplicationId,
            TraceHeader = systemAttributes?.GetValueOrDefault(TraceHeader)?.StringValue,
        };
        string? systemMd5 = null;
        if (systemAttributes is { Count: > 0 })
        {
            foreach (var (name, value) in systemAttributes)
            {
                if (name != TraceHeader)
                    throw QueueErrors.InvalidParameterValue($"Message system attribute name '{name}' is invalid.");
                if (value.DataType != "String" || string.IsNullOrEmpty(value.StringValue))
                    throw QueueErrors.InvalidParameterValue($"Message system attribute '{name}' must be a non-empty String.");
            }

            systemMd5 = MessageDigest.Md5OfMessageAttributes(ToEngine(systemAttributes));
        }

        return (message, systemMd5);
    }

    private static readonly Dictionary<string, MessageAttributeValue> NoAttributes = new();

    private static Dictionary<string, MessageAttributeValue> ToEngine(Dictionary<string, MessageAttributeValueDto> attributes)
    {
        var converted = new Dictionary<string, MessageAttributeValue>(attributes.Count, StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            if (value.StringListValues is { Count: > 0 } || value.BinaryListValues is { Count: > 0 })
                throw QueueErrors.InvalidParameterValue("Message attribute list values in SendMessage operation are not supported.");
            converted[name] = new MessageAttributeValue
            {
                DataType = value.DataType ?? "",
                StringValue = value.StringValue,
                BinaryValue = value.BinaryValue,
            };
        }

        return converted;
    }

    private static void AddAttributeNames(HashSet<string> wanted, List<string>? names)
    {
        if (names is null)
            return;
        foreach (var name in names)
        {
            if (!ReceivableAttributes.Contains(name))
                throw QueueErrors.InvalidAttributeName(name);
            wanted.Add(name);
        }
    }

    private MessageDto ToDto(ReceivedMessage message, HashSet<string> wanted, List<string>? attributeNames)
    {
        Dictionary<string, string>? attributes = null;
        if (wanted.Count > 0)
        {
            attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            var all = wanted.Contains("All");
            void Add(string name, string? value)
            {
                if (value is not null && (all || wanted.Contains(name)))
                    attributes[name] = value;
            }

            Add("SenderId", message.SenderId);
            Add("SentTimestamp", message.SentTimestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            Add("ApproximateReceiveCount", message.ApproximateReceiveCount.ToString(CultureInfo.InvariantCulture));
            Add("ApproximateFirstReceiveTimestamp",
                message.ApproximateFirstReceiveTimestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            Add("SequenceNumber", message.SequenceNumber);
            Add("MessageDeduplicationId", message.MessageDeduplicationId);
            Add("MessageGroupId", message.MessageGroupId);
            Add("DeadLetterQueueSourceArn", message.DeadLetterQueueSourceArn);
            Add(TraceHeader, message.TraceHeader);
            if (attributes.Count == 0)
                attributes = null;
        }

        var (selected, md5) = SelectMessageAttributes(message, attributeNames);
        return new MessageDto
        {
            MessageId = message.MessageId,
            ReceiptHandle = message.ReceiptHandle,
            MD5OfBody = message.MD5OfBody,
            Body = message.Body,
            Attributes = attributes,
            MessageAttributes = selected,
            MD5OfMessageAttributes = md5,
        };
    }

    /// <summary>The message attributes a receive asked for ("All", ".*", "prefix.*" or exact
    /// names) and SQS's MD5 over exactly those, which is what clients verify.</summary>
    private static (Dictionary<string, MessageAttributeValueDto>? Selected, string? Md5) SelectMessageAttributes(
        ReceivedMessage message, List<string>? names)
    {
        if (names is not { Count: > 0 } || message.MessageAttributes.Count == 0)
            return (null, null);
        var chosen = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in message.MessageAttributes)
        {
            foreach (var pattern in names)
            {
                if (pattern is "All" or ".*" || pattern == name ||
                    (pattern.EndsWith(".*", StringComparison.Ordinal) && name.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)))
                {
                    chosen[name] = value;
                    break;
                }
            }
        }

        if (chosen.Count == 0)
            return (null, null);
        var selected = new Dictionary<string, MessageAttributeValueDto>(chosen.Count, StringComparer.Ordinal);
        foreach (var (name, value) in chosen)
            selected[name] = new MessageAttributeValueDto { DataType = value.DataType, StringValue = value.StringValue, BinaryValue = value.BinaryValue };
        var md5 = chosen.Count == message.MessageAttributes.Count ? message.MD5OfMessageAttributes : MessageDigest.Md5OfMessageAttributes(chosen);
        return (selected, md5);
    }
}
