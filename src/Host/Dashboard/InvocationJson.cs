using System.Text.Json;
using Platform.Host.Dashboard.History;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>An invocation as JSON: the fields /_platform/invocations always had (requestId, function,
/// trigger, attempt, outcome, startedAt, durationMs, error, worker, logs), then the history's id,
/// cold/warm and error type; the payload and response only in a detail.</summary>
internal static class InvocationJson
{
    public static void Write(Utf8JsonWriter json, InvocationRecord record, bool detail = false, bool logs = true)
    {
        var entry = record.Entry;
        json.WriteStartObject();
        json.WriteString("requestId", entry.RequestId);
        json.WriteString("function", entry.Function);
        json.WriteString("trigger", entry.Trigger);
        json.WriteNumber("attempt", entry.Attempt);
        json.WriteString("outcome", entry.Outcome.ToString());
        json.WriteString("startedAt", entry.StartedAt);
        json.WriteNumber("durationMs", Math.Round(entry.DurationMs, 3));
        WriteOptional(json, "error", entry.Error);
        WriteOptional(json, "worker", entry.Worker);
        if (logs)
            WriteOptional(json, "logs", entry.Logs);
        json.WriteNumber("id", record.Id);
        json.WriteBoolean("cold", entry.Cold);
        WriteOptional(json, "errorType", entry.ErrorType);
        if (detail)
        {
            WriteOptional(json, "payload", entry.Payload);
            WriteOptional(json, "response", entry.Response);
        }

        json.WriteEndObject();
    }
}
