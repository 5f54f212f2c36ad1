using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Failures;

/// <summary>
/// Writes the record Lambda sends to a destination, in the two shapes AWS documents: an async
/// invocation's (invocation-async-retain-records: the original event embedded as JSON, the last
/// error — or, on success, the function's response — as responsePayload) and a stream mapping's (kinesis-on-failure-destination: the
/// batch described by its batch info, not embedded). Fields keep AWS's order in each.
/// </summary>
public static class DestinationRecordBuilder
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Payloads are user data: keep them readable (no \u002B for "+"); JSON stays valid either way.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="withPayload">Adds the invocation's event as <c>payload</c> (S3 destinations).</param>
    public static string Build(DestinationRecord record, bool withPayload = false)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + (record.RequestPayload?.Length ?? 0));
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (record.Batch is { } batch)
                WriteStreamRecord(json, record, batch, withPayload);
            else
                WriteAsyncRecord(json, record);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteAsyncRecord(Utf8JsonWriter json, DestinationRecord record)
    {
        json.WriteStartObject();
        WriteVersionAndTimestamp(json, record);
        WriteRequestContext(json, record);

        json.WritePropertyName("requestPayload");
        WritePayload(json, record.RequestPayload ?? "");

        if (record.Success is { } success)
        {
            WriteResponseContext(json, record.ExecutedVersion, functionError: false);
            json.WritePropertyName("responsePayload");
            WritePayload(json, success.ResponsePayload ?? "null");
        }

        // Without a known failed attempt (the event aged out before its next try after a
        // restart) there is no response to report: Lambda leaves these out then too.
        else if (record.LastFailure is { } failure)
        {
            WriteResponseContext(json, record.ExecutedVersion, functionError: true);
            json.WriteStartObject("responsePayload");
            json.WriteString("errorMessage", failure.ErrorMessage ?? DefaultMessage(failure));
            json.WriteString("errorType", failure.ErrorType ?? DefaultType(failure));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteStreamRecord(Utf8JsonWriter json, DestinationRecord record, StreamBatchInfo batch, bool withPayload)
    {
        json.WriteStartObject();
        WriteRequestContext(json, record);
        // Records that aged out before any invocation have no response to report.
        if (record.LastFailure is not null)
            WriteResponseContext(json, record.ExecutedVersion, functionError: true);
        WriteVersionAndTimestamp(json, record);

        json.WriteStartObject(batch.PropertyName);
        json.WriteString("shardId", batch.ShardId);
        json.WriteString("startSequenceNumber", batch.StartSequenceNumber);
        json.WriteString("endSequenceNumber", batch.EndSequenceNumber);
        json.WriteString("approximateArrivalOfFirstRecord", AwsTime.Iso8601(batch.ApproximateArrivalOfFirstRecord));
        json.WriteString("approximateArrivalOfLastRecord", AwsTime.Iso8601(batch.ApproximateArrivalOfLastRecord));
        json.WriteNumber("batchSize", batch.BatchSize);
        json.WriteString("streamArn", batch.StreamArn);
        json.WriteEndObject();

        if (withPayload && record.InvocationPayload is { } payload)
        {
            json.WritePropertyName("payload");
            WritePayload(json, payload());
        }

        json.WriteEndObject();
    }

    private static void WriteVersionAndTimestamp(Utf8JsonWriter json, DestinationRecord record)
    {
        json.WriteString("version", "1.0");
        json.WriteString("timestamp", AwsTime.Iso8601(record.Timestamp));
    }

    private static void WriteRequestContext(Utf8JsonWriter json, DestinationRecord record)
    {
        json.WriteStartObject("requestContext");
        json.WriteString("requestId", record.RequestId);
        json.WriteString("functionArn", record.FunctionArn);
        json.WriteString("condition", record.Condition);
        json.WriteNumber("approximateInvokeCount", record.ApproximateInvokeCount);
        json.WriteEndObject();
    }

    private static void WriteResponseContext(Utf8JsonWriter json, string executedVersion, bool functionError)
    {
        json.WriteStartObject("responseContext");
        json.WriteNumber("statusCode", 200);
        json.WriteString("executedVersion", executedVersion);
        if (functionError)
            json.WriteString("functionError", "Unhandled");
        json.WriteEndObject();
    }

    private static void WritePayload(Utf8JsonWriter json, string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            document.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
            // Not JSON (an event someone put on the queue by hand): keep it, as a string.
            json.WriteStringValue(payload);
        }
    }

    private static string DefaultType(FunctionInvoked failure) =>
        failure.Outcome == InvocationOutcome.TimedOut ? "Sandbox.Timedout" : "Unhandled";

    private static string DefaultMessage(FunctionInvoked failure) =>
        failure.Outcome == InvocationOutcome.TimedOut
            ? $"RequestId: {failure.RequestId} Error: Task timed out"
            : $"RequestId: {failure.RequestId} Error: the function failed";
}
