using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Triggers.Sources.S3;

namespace Platform.Triggers.Failures;

/// <summary>
/// Writes the record Lambda sends to an async invocation's on-failure destination (AWS's
/// invocation-async-retain-records shape). The original event is embedded as JSON, not as a string.
/// </summary>
public static class DestinationRecordBuilder
{
    public static string Build(DestinationRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + record.RequestPayload.Length);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
               {
                   Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
               }))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteString("timestamp", S3EventRecordBuilder.FormatTime(record.Timestamp));

            json.WriteStartObject("requestContext");
            json.WriteString("requestId", record.RequestId);
            json.WriteString("functionArn", record.FunctionArn);
            json.WriteString("condition", record.Condition);
            json.WriteNumber("approximateInvokeCount", record.ApproximateInvokeCount);
            json.WriteEndObject();

            json.WritePropertyName("requestPayload");
            WritePayload(json, record.RequestPayload);

            // Without a known failed attempt (the event aged out before its next try after a
            // restart) there is no response to report: Lambda leaves these out then too.
            if (record.LastFailure is { } failure)
            {
                json.WriteStartObject("responseContext");
                json.WriteNumber("statusCode", 200);
                json.WriteString("executedVersion", "$LATEST");
                json.WriteString("functionError", "Unhandled");
                json.WriteEndObject();

                json.WriteStartObject("responsePayload");
                json.WriteString("errorMessage", failure.ErrorMessage ?? DefaultMessage(failure));
                json.WriteString("errorType", failure.ErrorType ?? DefaultType(failure));
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
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
