using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Functions.Events;

namespace Platform.Triggers.Filtering;

/// <summary>
/// The JSON a Lambda filter pattern is matched against for one record. SQS: the event record
/// (messageId, body, attributes, messageAttributes, …, as <c>SqsEventBuilder</c> writes it) with <c>body</c> parsed when it is a JSON
/// object or array, else kept as the plain string — so a plain-string pattern never matches a JSON
/// body and a nested <c>body</c> pattern never matches a plain one, as Lambda drops both mismatches.
/// Kinesis: the record's <c>kinesis</c> part (partitionKey, sequenceNumber, …) with <c>data</c>
/// base64-decoded and parsed; data that is not JSON is left out, so data patterns drop the record.
/// </summary>
public static class FilterSubject
{
    /// <summary>An SQS record as the function sees it (the event record's JSON), with <c>body</c>
    /// replaced by its parsed value when it is a JSON object or array.</summary>
    public static JsonElement ForSqs(ReadOnlySpan<byte> recordJson, string body)
    {
        var node = JsonNode.Parse(recordJson)!.AsObject();
        if (TryParseStructured(Encoding.UTF8.GetBytes(body), out var parsed))
            node["body"] = parsed.ValueKind == JsonValueKind.Object ? JsonObject.Create(parsed) : JsonArray.Create(parsed);

        var buffer = new ArrayBufferWriter<byte>(recordJson.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
            node.WriteTo(writer);
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
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
