using System.Buffers;
using System.Text.Json;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// The event of a mapping with a tumbling window: the source's own <c>{"Records":[…]}</c> followed by
/// the window's fields in AWS's order — <c>window{start,end}</c>, <c>state</c>, <c>shardId</c>,
/// <c>eventSourceARN</c>, <c>isFinalInvokeForWindow</c>, <c>isWindowTerminatedEarly</c>. A final
/// invocation carries no records.
/// </summary>
internal static class WindowedEvent
{
    public static byte[] Build(byte[] recordsEvent, TumblingWindow window, string shardId, string eventSourceArn, bool final, bool terminatedEarly)
    {
        // A JSON writer can't continue an object it did not open: the window fields are written as
        // an object of their own, whose body (after its '{') replaces the records event's closing '}'.
        var fields = new ArrayBufferWriter<byte>(window.State.Length + 256);
        using (var json = new Utf8JsonWriter(fields))
        {
            json.WriteStartObject();
            json.WriteStartObject("window");
            json.WriteString("start", AwsTime.Iso8601Seconds(window.Start));
            json.WriteString("end", AwsTime.Iso8601Seconds(window.End));
            json.WriteEndObject();
            json.WritePropertyName("state");
            json.WriteRawValue(window.State, skipInputValidation: true);
            json.WriteString("shardId", shardId);
            json.WriteString("eventSourceARN", eventSourceArn);
            json.WriteBoolean("isFinalInvokeForWindow", final);
            json.WriteBoolean("isWindowTerminatedEarly", terminatedEarly);
            json.WriteEndObject();
        }

        var end = Array.LastIndexOf(recordsEvent, (byte)'}');
        var body = fields.WrittenSpan[1..];
        var result = new byte[end + 1 + body.Length];
        recordsEvent.AsSpan(0, end).CopyTo(result);
        result[end] = (byte)',';
        body.CopyTo(result.AsSpan(end + 1));
        return result;
    }
}
