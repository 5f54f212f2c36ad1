using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Emulators.Streams.Engine;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Reads the response of an invocation inside a tumbling window: besides what
/// <see cref="BatchItemFailuresReader"/> reads, it must carry the window's <c>state</c> — "if the
/// response does not contain a state property, Lambda considers this a failed invocation"
/// (services-kinesis-windows). The state is kept as the function wrote it.
/// </summary>
internal static class WindowResponseReader
{
    public static (BatchResult Result, string? State) Read(FunctionInvoked outcome, IReadOnlyList<StreamRecord> batch, bool reportsBatchItemFailures)
    {
        var result = BatchItemFailuresReader.Read(outcome, batch, reportsBatchItemFailures);
        if (result is BatchResult.Failed)
            return (result, null);

        return StateOf(outcome.ResponsePayload) is { } state
            ? (result, state)
            : (new BatchResult.Failed("the response has no state property (a tumbling window's invocation must return one)", FunctionError: false), null);
    }

    private static string? StateOf(string? response)
    {
        if (string.IsNullOrWhiteSpace(response))
            return null;
        try
        {
            using var document = JsonDocument.Parse(response);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("state", out var state) &&
                   state.ValueKind != JsonValueKind.Null
                ? state.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
