using Platform.Emulators.Queues.Api.Operations;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api.Query;

/// <summary>Builds the operation records from query-protocol fields, with SQS's flattened names
/// (<c>Attribute.1.Name</c>, <c>MessageAttribute.1.Value.StringValue</c>,
/// <c>SendMessageBatchRequestEntry.1.Id</c>, …). The queue URL may also be the request path.</summary>
internal static class QueryRequestReader
{
    public static CreateQueueRequest CreateQueue(QueryForm form) => new()
    {
        QueueName = form["QueueName"],
        Attributes = form.Map("Attribute", "Name", "Value"),
        Tags = form.Map("Tag", "Key", "Value"),
    };

    public static GetQueueUrlRequest GetQueueUrl(QueryForm form) => new()
    {
        QueueName = form["QueueName"],
        QueueOwnerAWSAccountId = form["QueueOwnerAWSAccountId"],
    };

    public static ListQueuesRequest ListQueues(QueryForm form) => new()
    {
        QueueNamePrefix = form["QueueNamePrefix"],
        NextToken = form["NextToken"],
        MaxResults = form.Int("MaxResults"),
    };

    public static QueueRequest Queue(QueryForm form) => new() { QueueUrl = form["QueueUrl"] };

    public static GetQueueAttributesRequest GetQueueAttributes(QueryForm form) => new()
    {
        QueueUrl = form["QueueUrl"],
        AttributeNames = form.List("AttributeName"),
    };

    public static SetQueueAttributesRequest SetQueueAttributes(QueryForm form) => new()
    {
        QueueUrl = form["QueueUrl"],
        Attributes = form.Map("Attribute", "Name", "Value"),
    };

    public static ListDeadLetterSourceQueuesRequest ListDeadLetterSourceQueues(QueryForm form) => new()
    {
        QueueUrl = form["QueueUrl"],
        NextToken = form["NextToken"],
        MaxResults = form.Int("MaxResults"),
    };

    public static TagQueueRequest TagQueue(QueryForm form) => new()
    {
        QueueUrl = form["QueueUrl"],
        Tags = form.Map("Tag", "Key", "Value"),
    };

    public static UntagQueueRequest UntagQueue(QueryForm form) => new()
    {
        QueueUrl = form["QueueUrl"],
        TagKeys = form.List("TagKey"),
    };

    public static SendMessageRequest SendMessage(QueryForm form) => new()
    {
        QueueUrl = form["QueueUrl"],
        MessageBody = form["MessageBody"],
        DelaySeconds = form.Int("DelaySeconds"),
        MessageAttributes = MessageAttributes(form, "MessageAttribute"),
        MessageSystemAttributes = MessageAttributes(form, "MessageSystemAttribute"),
        MessageDeduplicationId = form["MessageDeduplicationId"],
        MessageGroupId = form["MessageGroupId"],
    };

    public static SendMessageBatchRequest SendMessageBatch(QueryForm form)
    {
        List<SendMessageBatchRequestEntry>? entries = null;
        for (var i = 1; form[QueryForm.Key("SendMessageBatchRequestEntry", i) + ".Id"] is { } id; i++)
        {
            var prefix = QueryForm.Key("SendMessageBatchRequestEntry", i) + ".";
            (entries ??= []).Add(new SendMessageBatchRequestEntry
            {
                Id = id,
                MessageBody = form[prefix + "MessageBody"],
                DelaySeconds = form.Int(prefix + "DelaySeconds"),
                MessageAttributes = MessageAttributes(form, prefix + "MessageAttribute"),
                MessageSystemAttributes = MessageAttributes(form, prefix + "MessageSystemAttribute"),
                MessageDeduplicationId = form[prefix + "MessageDeduplicationId"],
                MessageGroupId = form[prefix + "MessageGroupId"],
            });
        }

        return new SendMessageBatchRequest { QueueUrl = form["QueueUrl"], Entries = entries };
    }

    public static ReceiveMessageRequest ReceiveMessage(QueryForm form) => new()
    {
        QueueUrl = form["QueueUrl"],
        // The query protocol spells both AttributeNames and MessageSystemAttributeNames "AttributeName.N".
        AttributeNames = form.List("AttributeName"),
        MessageSystemAttributeNames = form.List("MessageSystemAttributeName"),
        MessageAttributeNames = form.List("MessageAttributeName"),
        MaxNumberOfMessages = form.Int("MaxNumberOfMessages"),
        VisibilityTimeout = form.Int("VisibilityTimeout"),
        WaitTimeSeconds = form.Int("WaitTimeSeconds"),
        ReceiveRequestAttemptId = form["ReceiveRequestAttemptId"],
    };

    public static DeleteMessageRequest DeleteMessage(QueryForm form) => new()
    {
        QueueUrl = form["QueueUrl"],
        ReceiptHandle = form["ReceiptHandle"],
    };

    public static DeleteMessageBatchRequest DeleteMessageBatch(QueryForm form)
    {
        List<DeleteMessageBatchRequestEntry>? entries = null;
        for (var i = 1; form[QueryForm.Key("DeleteMessageBatchRequestEntry", i) + ".Id"] is { } id; i++)
        {
            var prefix = QueryForm.Key("DeleteMessageBatchRequestEntry", i) + ".";
            (entries ??= []).Add(new DeleteMessageBatchRequestEntry { Id = id, ReceiptHandle = form[prefix + "ReceiptHandle"] });
        }

        return new DeleteMessageBatchRequest { QueueUrl = form["QueueUrl"], Entries = entries };
    }

    public static ChangeMessageVisibilityRequest ChangeMessageVisibility(QueryForm form) => new()
    {
        QueueUrl = form["QueueUrl"],
        ReceiptHandle = form["ReceiptHandle"],
        VisibilityTimeout = form.Int("VisibilityTimeout"),
    };

    public static ChangeMessageVisibilityBatchRequest ChangeMessageVisibilityBatch(QueryForm form)
    {
        List<ChangeMessageVisibilityBatchRequestEntry>? entries = null;
        for (var i = 1; form[QueryForm.Key("ChangeMessageVisibilityBatchRequestEntry", i) + ".Id"] is { } id; i++)
        {
            var prefix = QueryForm.Key("ChangeMessageVisibilityBatchRequestEntry", i) + ".";
            (entries ??= []).Add(new ChangeMessageVisibilityBatchRequestEntry
            {
                Id = id,
                ReceiptHandle = form[prefix + "ReceiptHandle"],
                VisibilityTimeout = form.Int(prefix + "VisibilityTimeout"),
            });
        }

        return new ChangeMessageVisibilityBatchRequest { QueueUrl = form["QueueUrl"], Entries = entries };
    }

    public static StartMessageMoveTaskRequest StartMessageMoveTask(QueryForm form) => new()
    {
        SourceArn = form["SourceArn"],
        DestinationArn = form["DestinationArn"],
        MaxNumberOfMessagesPerSecond = form.Int("MaxNumberOfMessagesPerSecond"),
    };

    public static ListMessageMoveTasksRequest ListMessageMoveTasks(QueryForm form) => new()
    {
        SourceArn = form["SourceArn"],
        MaxResults = form.Int("MaxResults"),
    };

    public static CancelMessageMoveTaskRequest CancelMessageMoveTask(QueryForm form) => new() { TaskHandle = form["TaskHandle"] };

    private static Dictionary<string, MessageAttributeValueDto>? MessageAttributes(QueryForm form, string prefix)
    {
        Dictionary<string, MessageAttributeValueDto>? attributes = null;
        for (var i = 1; form[QueryForm.Key(prefix, i) + ".Name"] is { } name; i++)
        {
            var value = QueryForm.Key(prefix, i) + ".Value.";
            attributes ??= new Dictionary<string, MessageAttributeValueDto>(StringComparer.Ordinal);
            if (attributes.ContainsKey(name))
                throw QueueErrors.InvalidParameterValue($"Message attribute name '{name}' is repeated.");
            attributes[name] = new MessageAttributeValueDto
            {
                DataType = form[value + "DataType"],
                StringValue = form[value + "StringValue"],
                BinaryValue = form[value + "BinaryValue"] is { } base64 ? Base64(name, base64) : null,
                StringListValues = form.List(value + "StringListValue"),
                BinaryListValues = form[value + "BinaryListValue.1"] is null ? null : [[]],
            };
        }

        return attributes;
    }

    private static byte[] Base64(string name, string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw QueueErrors.InvalidParameterValue($"The binary value of message attribute '{name}' is not valid base64.");
        }
    }
}
