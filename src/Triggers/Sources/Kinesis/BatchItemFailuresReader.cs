using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Emulators.Streams.Engine;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Reads an invocation's outcome as Lambda does for streams (services-kinesis-batchfailurereporting):
/// without ReportBatchItemFailures the response is ignored. With it, an empty or null
/// <c>batchItemFailures</c> list, an empty or null response is full success; an empty, null or
/// unknown <c>itemIdentifier</c>, an item without that key, or a response that is not such an
/// object fails the whole batch; otherwise the lowest reported sequence number is where the
/// checkpoint stays and the retry starts.
/// </summary>
public static class BatchItemFailuresReader
{
    public static BatchResult Read(FunctionInvoked outcome, IReadOnlyList<StreamRecord> batch, bool reportsBatchItemFailures)
    {
        if (outcome.Outcome != InvocationOutcome.Succeeded)
            return new BatchResult.Failed(outcome.Outcome == InvocationOutcome.TimedOut ? "timed out" : outcome.ErrorMessage ?? "function error", FunctionError: true);
        if (!reportsBatchItemFailures || string.IsNullOrWhiteSpace(outcome.ResponsePayload))
            return BatchResult.Success;

        try
        {
            using var document = JsonDocument.Parse(outcome.ResponsePayload);
            return Read(document.RootElement, batch);
        }
        catch (JsonException)
        {
            return Invalid("the response is not JSON");
        }
    }

    /// <summary>Reads a response already parsed (a tumbling window's reader parses it once for both).</summary>
    internal static BatchResult Read(JsonElement response, IReadOnlyList<StreamRecord> batch)
    {
        if (response.ValueKind == JsonValueKind.Null)
            return BatchResult.Success;
        if (response.ValueKind != JsonValueKind.Object)
            return Invalid("the response is not a batch item failure report");
        if (!response.TryGetProperty("batchItemFailures", out var failures) || failures.ValueKind == JsonValueKind.Null)
            return BatchResult.Success;
        if (failures.ValueKind != JsonValueKind.Array)
            return Invalid("batchItemFailures is not a list");

        var first = int.MaxValue;
        foreach (var item in failures.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object ||
                !item.TryGetProperty("itemIdentifier", out var identifier) ||
                identifier.ValueKind != JsonValueKind.String ||
                identifier.GetString() is not { Length: > 0 } sequenceNumber)
                return Invalid("an itemIdentifier is missing, null or empty");

            var index = IndexOf(batch, sequenceNumber);
            if (index < 0)
                return Invalid($"itemIdentifier '{sequenceNumber}' is not a sequence number of the batch");
            first = Math.Min(first, index);
        }

        return first == int.MaxValue ? BatchResult.Success : new BatchResult.PartiallyFailed(first);
    }

    private static int IndexOf(IReadOnlyList<StreamRecord> batch, string sequenceNumber)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].SequenceNumber == sequenceNumber)
                return i;
        }

        return -1;
    }

    internal static BatchResult.Failed Invalid(string reason) => new("invalid batch item failure response: " + reason, FunctionError: false);
}
