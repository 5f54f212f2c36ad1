using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Triggers.Sources.S3;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Writes the record Lambda sends to a stream mapping's on-failure destination
/// (kinesis-on-failure-destination): the batch is described by <c>KinesisBatchInfo</c> — shard,
/// first and last sequence numbers, arrival times, size, stream — and not embedded.
/// </summary>
public static class KinesisFailureRecordBuilder
{
    public static string Build(KinesisFailureRecord record)
    {
        ArgumentOutOfRangeException.ThrowIfZero(record.Records.Count);
        var first = record.Records[0];
        var last = record.Records[^1];
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();

            json.WriteStartObject("requestContext");
            json.WriteString("requestId", record.RequestId);
            json.WriteString("functionArn", record.FunctionArn);
            json.WriteString("condition", record.Condition);
            json.WriteNumber("approximateInvokeCount", record.ApproximateInvokeCount);
            json.WriteEndObject();

            // Records that aged out before any invocation have no response to report.
            if (record.LastFailure is not null)
            {
                json.WriteStartObject("responseContext");
                json.WriteNumber("statusCode", 200);
                json.WriteString("executedVersion", "$LATEST");
                json.WriteString("functionError", "Unhandled");
                json.WriteEndObject();
            }

            json.WriteString("version", "1.0");
            json.WriteString("timestamp", S3EventRecordBuilder.FormatTime(record.Timestamp));

            json.WriteStartObject("KinesisBatchInfo");
            json.WriteString("shardId", record.ShardId);
            json.WriteString("startSequenceNumber", first.SequenceNumber);
            json.WriteString("endSequenceNumber", last.SequenceNumber);
            json.WriteString("approximateArrivalOfFirstRecord", S3EventRecordBuilder.FormatTime(first.ApproximateArrivalTimestamp));
            json.WriteString("approximateArrivalOfLastRecord", S3EventRecordBuilder.FormatTime(last.ApproximateArrivalTimestamp));
            json.WriteNumber("batchSize", record.Records.Count);
            json.WriteString("streamArn", record.StreamArn);
            json.WriteEndObject();

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
