using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Emulators.Streams.Engine;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Reads the response of an invocation inside a tumbling window: besides what
/// <see cref="BatchItemFailuresReader"/> reads, it must carry the window's <c>state</c> — "if the
/// response does not contain a state property, Lambda considers this a failed invocation"
/// (services-kinesis-windows). The response is parsed once for both; the state is kept as the
/// function wrote it.
/// </summary>
internal static class WindowResponseReader
{
    private static readonly BatchResult.Failed NoState =
        new("the response has no state property (a tumbling window's invocation must return one)", FunctionError: false);

    public static (BatchResult Result, string? State) Read(FunctionInvoked outcome, IReadOnlyList<StreamRecord> batch, bool reportsBatchItemFailures)
    {
        if (outcome.Outcome != InvocationOutcome.Succeeded || string.IsNullOrWhiteSpace(outcome.ResponsePayload))
        {
            var result = BatchItemFailuresReader.Read(outcome, batch, reportsBatchItemFailures);
            return (result is BatchResult.Failed ? result : NoState, null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(outcome.ResponsePayload);
        }
        catch (JsonException)
        {
            return (reportsBatchItemFailures ? BatchItemFailuresReader.Invalid("the response is not JSON") : NoState, null);
        }

        using (document)
        {
            var response = document.RootElement;
            var result = reportsBatchItemFailures ? BatchItemFailuresReader.Read(response, batch) : BatchResult.Success;
            if (result is BatchResult.Failed)
                return (result, null);
            return response.ValueKind == JsonValueKind.Object && response.TryGetProperty("state", out var state) && state.ValueKind != JsonValueKind.Null
                ? (result, state.GetRawText())
                : (NoState, null);
        }
    }
}
