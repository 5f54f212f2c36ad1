using System.Text.Json;
using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>
/// Lambda's table for an SQS batch's outcome (services-sqs-errorhandling): a failed or timed-out
/// invocation fails the whole batch. Without ReportBatchItemFailures the response is ignored.
/// With it: a null response, <c>{}</c>, or an empty or null <c>batchItemFailures</c> is full
/// success; invalid JSON, a response that is not an object, an entry without
/// <c>itemIdentifier</c>, or an empty, null or unknown identifier fails the whole batch. For a
/// FIFO queue every later message of a failed message's group fails too, so the group stays in order.
/// </summary>
public static class BatchResponseEvaluator
{
    public static BatchVerdict Evaluate(FunctionInvoked result, bool reportBatchItemFailures, IReadOnlyList<SqsRecord> batch, bool fifo)
    {
        if (result.Outcome != InvocationOutcome.Succeeded)
            return All(batch, $"the invocation {(result.Outcome == InvocationOutcome.TimedOut ? "timed out" : "failed")}: {result.ErrorType}");
        if (!reportBatchItemFailures)
            return BatchVerdict.Success;

        var failed = ReportedFailures(result.ResponsePayload, batch, out var reason);
        if (failed is null)
            return All(batch, reason!);
        if (failed.Count == 0)
            return BatchVerdict.Success;
        if (fifo)
            ExtendToLaterMessagesOfTheirGroups(failed, batch);
        return new BatchVerdict(failed, $"the function reported {failed.Count} of {batch.Count} messages failed");
    }

    /// <summary>The reported ids; empty for success; null when the response fails the whole batch.</summary>
    private static HashSet<string>? ReportedFailures(string? payload, IReadOnlyList<SqsRecord> batch, out string? reason)
    {
        reason = null;
        if (string.IsNullOrWhiteSpace(payload))
            return [];

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            reason = "the response is not valid JSON";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
                return [];
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "the response is not a batchItemFailures object";
                return null;
            }

            if (!root.TryGetProperty("batchItemFailures", out var failures) || failures.ValueKind == JsonValueKind.Null)
                return [];
            if (failures.ValueKind != JsonValueKind.Array)
            {
                reason = "batchItemFailures is not a list";
                return null;
            }

            var ids = batch.Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal);
            var failed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in failures.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("itemIdentifier", out var id))
                {
                    reason = "a batchItemFailures entry has no itemIdentifier";
                    return null;
                }

                if (id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } text)
                {
                    reason = "a batchItemFailures entry has an empty or null itemIdentifier";
                    return null;
                }

                if (!ids.Contains(text))
                {
                    reason = $"itemIdentifier '{text}' is not a message of the batch";
                    return null;
                }

                failed.Add(text);
            }

            return failed;
        }
    }

    private static void ExtendToLaterMessagesOfTheirGroups(HashSet<string> failed, IReadOnlyList<SqsRecord> batch)
    {
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in batch)
        {
            var group = record.MessageGroupId ?? "";
            if (blocked.Contains(group))
                failed.Add(record.MessageId);
            else if (failed.Contains(record.MessageId))
                blocked.Add(group);
        }
    }

    private static BatchVerdict All(IReadOnlyList<SqsRecord> batch, string reason) =>
        new(batch.Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal), reason);
}
