using System.Globalization;
using Platform.Emulators.Queues.Api.Operations;

namespace Platform.Emulators.Queues.Api.Query;

/// <summary>Writes the operation records as SQS's query-protocol XML:
/// <c>&lt;{Action}Response&gt;&lt;{Action}Result&gt;…&lt;/…&gt;&lt;ResponseMetadata&gt;…</c>.</summary>
internal static class QueryResponseWriter
{
    public static void Write(SqsXmlWriter xml, string action, string requestId, object response)
    {
        xml.Raw("<?xml version=\"1.0\"?><"u8);
        xml.Name(action);
        xml.Raw("Response xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"u8);
        if (response is not EmptyResponse)
        {
            var result = action + "Result";
            xml.Open(result);
            WriteResult(xml, action, response);
            xml.Close(result);
        }

        xml.Open("ResponseMetadata");
        xml.Element("RequestId", requestId);
        xml.Close("ResponseMetadata");
        xml.Close(action + "Response");
    }

    public static void WriteError(SqsXmlWriter xml, string type, string code, string message, string requestId)
    {
        xml.Raw("<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error>"u8);
        xml.Element("Type", type);
        xml.Element("Code", code);
        xml.Element("Message", message);
        xml.Raw("<Detail/></Error>"u8);
        xml.Element("RequestId", requestId);
        xml.Raw("</ErrorResponse>"u8);
    }

    private static void WriteResult(SqsXmlWriter xml, string action, object response)
    {
        switch (response)
        {
            case SendMessageResponse sent:
                xml.Element("MessageId", sent.MessageId);
                xml.Element("MD5OfMessageBody", sent.MD5OfMessageBody);
                xml.Element("MD5OfMessageAttributes", sent.MD5OfMessageAttributes);
                xml.Element("MD5OfMessageSystemAttributes", sent.MD5OfMessageSystemAttributes);
                xml.Element("SequenceNumber", sent.SequenceNumber);
                break;
            case ReceiveMessageResponse received:
                foreach (var message in received.Messages ?? [])
                    WriteMessage(xml, message);
                break;
            case SendMessageBatchResponse batch:
                foreach (var entry in batch.Successful)
                {
                    xml.Open("SendMessageBatchResultEntry");
                    xml.Element("Id", entry.Id);
                    xml.Element("MessageId", entry.MessageId);
                    xml.Element("MD5OfMessageBody", entry.MD5OfMessageBody);
                    xml.Element("MD5OfMessageAttributes", entry.MD5OfMessageAttributes);
                    xml.Element("MD5OfMessageSystemAttributes", entry.MD5OfMessageSystemAttributes);
                    xml.Element("SequenceNumber", entry.SequenceNumber);
                    xml.Close("SendMessageBatchResultEntry");
                }

                WriteErrors(xml, batch.Failed);
                break;
            case BatchIdsResponse ids:
                // DeleteMessageBatchResultEntry / ChangeMessageVisibilityBatchResultEntry.
                foreach (var entry in ids.Successful)
                {
                    xml.Open(action + "ResultEntry");
                    xml.Element("Id", entry.Id);
                    xml.Close(action + "ResultEntry");
                }

                WriteErrors(xml, ids.Failed);
                break;
            case QueueUrlResponse url:
                xml.Element("QueueUrl", url.QueueUrl);
                break;
            case ListQueuesResponse list:
                foreach (var url in list.QueueUrls)
                    xml.Element("QueueUrl", url);
                xml.Element("NextToken", list.NextToken);
                break;
            case ListDeadLetterSourceQueuesResponse sources:
                foreach (var url in sources.QueueUrls)
                    xml.Element("QueueUrl", url);
                xml.Element("NextToken", sources.NextToken);
                break;
            case QueueAttributesResponse attributes:
                WriteMap(xml, "Attribute", "Name", "Value", attributes.Attributes);
                break;
            case QueueTagsResponse tags:
                WriteMap(xml, "Tag", "Key", "Value", tags.Tags);
                break;
            case StartMessageMoveTaskResponse started:
                xml.Element("TaskHandle", started.TaskHandle);
                break;
            case CancelMessageMoveTaskResponse cancelled:
                xml.Element("ApproximateNumberOfMessagesMoved", cancelled.ApproximateNumberOfMessagesMoved.ToString(CultureInfo.InvariantCulture));
                break;
            case ListMessageMoveTasksResponse tasks:
                foreach (var task in tasks.Results)
                {
                    xml.Open("ListMessageMoveTasksResultEntry");
                    xml.Element("TaskHandle", task.TaskHandle);
                    xml.Element("Status", task.Status);
                    xml.Element("SourceArn", task.SourceArn);
                    xml.Element("DestinationArn", task.DestinationArn);
                    xml.Element("MaxNumberOfMessagesPerSecond", task.MaxNumberOfMessagesPerSecond?.ToString(CultureInfo.InvariantCulture));
                    xml.Element("ApproximateNumberOfMessagesMoved", task.ApproximateNumberOfMessagesMoved.ToString(CultureInfo.InvariantCulture));
                    xml.Element("ApproximateNumberOfMessagesToMove", task.ApproximateNumberOfMessagesToMove?.ToString(CultureInfo.InvariantCulture));
                    xml.Element("FailureReason", task.FailureReason);
                    xml.Element("StartedTimestamp", task.StartedTimestamp.ToString(CultureInfo.InvariantCulture));
                    xml.Close("ListMessageMoveTasksResultEntry");
                }

                break;
            default:
                throw new InvalidOperationException($"No XML shape for {response.GetType().Name}.");
        }
    }

    private static void WriteMessage(SqsXmlWriter xml, MessageDto message)
    {
        xml.Open("Message");
        xml.Element("MessageId", message.MessageId);
        xml.Element("ReceiptHandle", message.ReceiptHandle);
        xml.Element("MD5OfBody", message.MD5OfBody);
        xml.Element("Body", message.Body);
        if (message.Attributes is not null)
            WriteMap(xml, "Attribute", "Name", "Value", message.Attributes);
        xml.Element("MD5OfMessageAttributes", message.MD5OfMessageAttributes);
        if (message.MessageAttributes is not null)
        {
            foreach (var (name, value) in message.MessageAttributes)
            {
                xml.Open("MessageAttribute");
                xml.Element("Name", name);
                xml.Open("Value");
                xml.Element("StringValue", value.StringValue);
                xml.Element("BinaryValue", value.BinaryValue is null ? null : Convert.ToBase64String(value.BinaryValue));
                xml.Element("DataType", value.DataType);
                xml.Close("Value");
                xml.Close("MessageAttribute");
            }
        }

        xml.Close("Message");
    }

    private static void WriteErrors(SqsXmlWriter xml, IReadOnlyList<BatchResultErrorEntry> errors)
    {
        foreach (var error in errors)
        {
            xml.Open("BatchResultErrorEntry");
            xml.Element("Id", error.Id);
            xml.Element("SenderFault", error.SenderFault ? "true" : "false");
            xml.Element("Code", error.Code);
            xml.Element("Message", error.Message);
            xml.Close("BatchResultErrorEntry");
        }
    }

    private static void WriteMap(SqsXmlWriter xml, string entry, string keyName, string valueName, IReadOnlyDictionary<string, string> map)
    {
        foreach (var (key, value) in map)
        {
            xml.Open(entry);
            xml.Element(keyName, key);
            xml.Element(valueName, value);
            xml.Close(entry);
        }
    }
}
