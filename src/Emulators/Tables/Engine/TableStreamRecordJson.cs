using System.Text.Json;

namespace Platform.Emulators.Tables.Engine;

/// <summary>DynamoDB Streams records as JSON: the Streams API's GetRecords shape and the Lambda event's.</summary>
public static class TableStreamRecordJson
{
    /// <summary>A record exactly as DynamoDB Streams' GetRecords shows it, or (<paramref name="lambdaShape"/>) as a
    /// Lambda event record has it — the same but for userIdentity's member case; the event adds eventSourceARN.</summary>
    public static void Write(Utf8JsonWriter writer, TableStreamRecord record, string region, bool lambdaShape)
    {
        writer.WriteStartObject();
        writer.WriteString("eventID", record.EventId);
        writer.WriteString("eventName", record.EventName);
        writer.WriteString("eventVersion", "1.1");
        writer.WriteString("eventSource", "aws:dynamodb");
        writer.WriteString("awsRegion", region);
        writer.WriteStartObject("dynamodb");
        writer.WriteNumber("ApproximateCreationDateTime", record.ApproximateCreationDateTime.ToUnixTimeSeconds());
        AttributeJson.WriteItem(writer, "Keys", record.Keys);
        if (record.NewImage is not null)
            AttributeJson.WriteItem(writer, "NewImage", record.NewImage);
        if (record.OldImage is not null)
            AttributeJson.WriteItem(writer, "OldImage", record.OldImage);
        writer.WriteString("SequenceNumber", record.SequenceNumber);
        writer.WriteNumber("SizeBytes", record.SizeBytes);
        writer.WriteString("StreamViewType", record.StreamViewType);
        writer.WriteEndObject();
        if (record.ByService)
        {
            writer.WriteStartObject("userIdentity");
            writer.WriteString(lambdaShape ? "type" : "Type", "Service");
            writer.WriteString(lambdaShape ? "principalId" : "PrincipalId", "dynamodb.amazonaws.com");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
