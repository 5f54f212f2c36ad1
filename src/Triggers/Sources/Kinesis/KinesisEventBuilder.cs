using System.Buffers;
using System.Text.Json;
using Platform.Emulators.Streams.Engine;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Writes the event Lambda sends for a batch of one shard's records, field for field as AWS does
/// (services-kinesis: <c>Records[]{kinesis{…}, eventSource, eventVersion, eventID, eventName,
/// invokeIdentityArn, awsRegion, eventSourceARN}</c>).
/// </summary>
public static class KinesisEventBuilder
{
    /// <summary>One invocation payload at most (Lambda's synchronous invocation limit).</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    // The envelope and the fixed fields of a record, generously: ARNs, ids and names included.
    private const int RecordOverheadBytes = 512;

    public static byte[] Build(IReadOnlyList<StreamRecord> records, KinesisEventSource source, string shardId)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + records.Sum(EstimatedSize));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            foreach (var record in records)
            {
                json.WriteStartObject();
                json.WriteStartObject("kinesis");
                json.WriteString("kinesisSchemaVersion", "1.0");
                json.WriteString("partitionKey", record.PartitionKey);
                json.WriteString("sequenceNumber", record.SequenceNumber);
                json.WriteBase64String("data", record.Data);
                json.WriteNumber("approximateArrivalTimestamp", AwsTime.EpochSeconds(record.ApproximateArrivalTimestamp));
                json.WriteEndObject();
                json.WriteString("eventSource", "aws:kinesis");
                json.WriteString("eventVersion", "1.0");
                json.WriteString("eventID", shardId + ":" + record.SequenceNumber);
                json.WriteString("eventName", "aws:kinesis:record");
                json.WriteString("invokeIdentityArn", source.InvokeIdentityArn);
                json.WriteString("awsRegion", source.Region);
                json.WriteString("eventSourceARN", source.StreamArn);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An upper bound of what the record adds to the payload, for the 6 MB cut.</summary>
    public static int EstimatedSize(StreamRecord record) =>
        RecordOverheadBytes + (record.Data.Length + 2) / 3 * 4 + record.PartitionKey.Length * 6 + record.SequenceNumber.Length * 2;
}
