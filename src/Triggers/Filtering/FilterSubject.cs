using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Functions.Events;

namespace Platform.Triggers.Filtering;

/// <summary>
/// The JSON a Lambda filter pattern is matched against for one record. SQS: the event record
/// (messageId, body, attributes, messageAttributes, …) with <c>body</c> parsed when it is a JSON
/// object or array, else kept as the plain string — so a plain-string pattern never matches a JSON
/// body and a nested <c>body</c> pattern never matches a plain one, as Lambda drops both mismatches.
/// Kinesis: the record's <c>kinesis</c> part (partitionKey, sequenceNumber, …) with <c>data</c>
/// base64-decoded and parsed; data that is not JSON is left out, so data patterns drop the record.
/// </summary>
public static class FilterSubject
{
    public static JsonElement ForSqs(SqsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Build(writer =>
        {
            writer.WriteString("messageId", message.MessageId);
            if (message.ReceiptHandle is not null)
                writer.WriteString("receiptHandle", message.ReceiptHandle);
            writer.WritePropertyName("body");
            if (TryParseStructured(Encoding.UTF8.GetBytes(message.Body), out var body))
                body.WriteTo(writer);
            else
                writer.WriteStringValue(message.Body);
            writer.WriteStartObject("attributes");
            foreach (var (name, value) in message.Attributes)
                writer.WriteString(name, value);
            writer.WriteEndObject();
            writer.WriteStartObject("messageAttributes");
            foreach (var (name, attribute) in message.MessageAttributes)
            {
                writer.WriteStartObject(name);
                if (attribute.StringValue is not null)
                    writer.WriteString("stringValue", attribute.StringValue);
                if (attribute.BinaryValue is not null)
                    writer.WriteString("binaryValue", attribute.BinaryValue);
                writer.WriteString("dataType", attribute.DataType);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            if (message.Md5OfBody is not null)
                writer.WriteString("md5OfBody", message.Md5OfBody);
            writer.WriteString("eventSource", message.EventSource);
            if (message.EventSourceArn is not null)
                writer.WriteString("eventSourceARN", message.EventSourceArn);
            if (message.AwsRegion is not null)
                writer.WriteString("awsRegion", message.AwsRegion);
        });
    }

    public static JsonElement ForKinesis(KinesisRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ForKinesis(record.PartitionKey, record.SequenceNumber, record.DecodeData(),
            record.ApproximateArrivalTimestamp, record.KinesisSchemaVersion);
    }

    /// <summary>The same subject straight from a stream record's parts, for workers that filter
    /// before they build the event.</summary>
    public static JsonElement ForKinesis(string partitionKey, string sequenceNumber, ReadOnlySpan<byte> data,
        double approximateArrivalTimestamp, string kinesisSchemaVersion = "1.0")
    {
        JsonElement? parsed = TryParseStructured(data, out var value) ? value : null;
        return Build(writer =>
        {
            writer.WriteString("kinesisSchemaVersion", kinesisSchemaVersion);
            writer.WriteString("partitionKey", partitionKey);
            writer.WriteString("sequenceNumber", sequenceNumber);
            if (parsed is { } json)
            {
                writer.WritePropertyName("data");
                json.WriteTo(writer);
            }
            writer.WriteNumber("approximateArrivalTimestamp", approximateArrivalTimestamp);
        });
    }

    private static bool TryParseStructured(ReadOnlySpan<byte> utf8, out JsonElement value)
    {
        value = default;
        var trimmed = utf8.Trim(" \t\r\n"u8);
        // Only objects and arrays count as a JSON body: "42" or "\"text\"" stay plain strings.
        if (trimmed.IsEmpty || (trimmed[0] != (byte)'{' && trimmed[0] != (byte)'['))
            return false;
        try
        {
            var reader = new Utf8JsonReader(trimmed);
            value = JsonElement.ParseValue(ref reader);
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static JsonElement Build(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
