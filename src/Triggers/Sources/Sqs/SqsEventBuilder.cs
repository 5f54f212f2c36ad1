using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Platform.Emulators.Queues.Engine;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>
/// Writes the event Lambda sends for an SQS batch: <c>{"Records":[…]}</c>, each record's fields in
/// the order of AWS's services-sqs docs, every attribute value a string.
/// </summary>
public static class SqsEventBuilder
{
    private static readonly byte[] Head = "{\"Records\":["u8.ToArray();
    private static readonly byte[] Tail = "]}"u8.ToArray();

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Bodies are user data: keep them readable (no \u002B for "+"); JSON stays valid either way.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The bytes an event of these records takes: the envelope plus the records and commas.</summary>
    public static long PayloadBytes(int count, long recordBytes) => Head.Length + Tail.Length + recordBytes + Math.Max(0, count - 1);

    public static SqsRecord Record(ReceivedMessage message, string queueArn, string region) => new(message, WriteRecord(message, queueArn, region));

    public static string Build(IReadOnlyList<SqsRecord> records)
    {
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(int.MaxValue, PayloadBytes(records.Count, records.Sum(r => (long)r.Json.Length))));
        buffer.Write(Head);
        for (var i = 0; i < records.Count; i++)
        {
            if (i > 0)
                buffer.Write(","u8);
            buffer.Write(records[i].Json);
        }

        buffer.Write(Tail);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static byte[] WriteRecord(ReceivedMessage message, string queueArn, string region)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("messageId", message.MessageId);
            json.WriteString("receiptHandle", message.ReceiptHandle);
            json.WriteString("body", message.Body);

            json.WriteStartObject("attributes");
            json.WriteString("ApproximateReceiveCount", message.ApproximateReceiveCount.ToString(CultureInfo.InvariantCulture));
            if (message.TraceHeader is { } trace)
                json.WriteString("AWSTraceHeader", trace);
            json.WriteString("SentTimestamp", Millis(message.SentTimestamp));
            if (message.SequenceNumber is { } sequence)
                json.WriteString("SequenceNumber", sequence);
            if (message.MessageGroupId is { } group)
                json.WriteString("MessageGroupId", group);
            json.WriteString("SenderId", message.SenderId);
            if (message.MessageDeduplicationId is { } deduplication)
                json.WriteString("MessageDeduplicationId", deduplication);
            json.WriteString("ApproximateFirstReceiveTimestamp", Millis(message.ApproximateFirstReceiveTimestamp));
            if (message.DeadLetterQueueSourceArn is { } source)
                json.WriteString("DeadLetterQueueSourceArn", source);
            json.WriteEndObject();

            json.WriteStartObject("messageAttributes");
            foreach (var (name, value) in message.MessageAttributes)
            {
                json.WriteStartObject(name);
                if (value.StringValue is { } text)
                    json.WriteString("stringValue", text);
                if (value.BinaryValue is { } binary)
                    json.WriteBase64String("binaryValue", binary);
                json.WriteStartArray("stringListValues");
                json.WriteEndArray();
                json.WriteStartArray("binaryListValues");
                json.WriteEndArray();
                json.WriteString("dataType", value.DataType);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteString("md5OfBody", message.MD5OfBody);
            if (message.MD5OfMessageAttributes is { } attributesDigest)
                json.WriteString("md5OfMessageAttributes", attributesDigest);
            json.WriteString("eventSource", "aws:sqs");
            json.WriteString("eventSourceARN", queueArn);
            json.WriteString("awsRegion", region);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
