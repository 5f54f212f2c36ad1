using System.Buffers;
using System.Text.Json;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Sources.Kinesis;

namespace Platform.Triggers.Sources.DynamoDb;

/// <summary>
/// The event Lambda sends for a batch of DynamoDB Streams records: <c>Records[]{eventID, eventName,
/// eventVersion "1.1", eventSource "aws:dynamodb", awsRegion, dynamodb{…}, eventSourceARN}</c> (plus
/// <c>userIdentity</c> on TTL deletions), and <c>DDBStreamBatchInfo</c> in on-failure records.
/// </summary>
public sealed class DynamoDbEventShape : IStreamEventShape
{
    public static DynamoDbEventShape Instance { get; } = new();

    public string BatchInfoName => "DDBStreamBatchInfo";

    public byte[] Build(IReadOnlyList<StreamRecord> records, KinesisEventSource source, string shardId)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + records.Sum(EstimatedSize));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            foreach (var record in records)
            {
                // The reader stored the Lambda record itself; only the source ARN is the mapping's to add.
                using var document = JsonDocument.Parse(record.Data);
                json.WriteStartObject();
                foreach (var property in document.RootElement.EnumerateObject())
                    property.WriteTo(json);
                json.WriteString("eventSourceARN", source.StreamArn);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public int EstimatedSize(StreamRecord record) => record.Data.Length + 256;

    public string TriggerName(KinesisEventSource source) => "dynamodb:" + TableOf(source.StreamArn);

    private static string TableOf(string streamArn)
    {
        var start = streamArn.IndexOf(":table/", StringComparison.Ordinal);
        var end = streamArn.IndexOf("/stream/", StringComparison.Ordinal);
        return start >= 0 && end > start ? streamArn[(start + ":table/".Length)..end] : streamArn;
    }
}
