using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Tumbling windows (TumblingWindowInSeconds): each lane aggregates its records window by window.
/// A batch never spans two windows; every invocation gets the state the previous one returned and
/// must return the next; when the window ends (or a record of a later window is next, or the shard
/// ends) a final invocation with no records and <c>isFinalInvokeForWindow</c> hands over the result,
/// retried until it succeeds — "your Lambda function suspends further processing until a successful
/// invocation". The state is saved before the checkpoint moves past the records it covers, so a
/// restarted platform continues the window where it was (services-kinesis-windows).
/// </summary>
internal sealed partial class ShardProcessor
{
    private bool Windowed => _tumbling > TimeSpan.Zero;

    private void RestoreWindows()
    {
        if (!Windowed)
            return;
        foreach (var (lane, (start, state)) in _services.Checkpoints.ReadWindows(_mapping.Uuid, ShardId))
        {
            // A window saved under another ParallelizationFactor or window length starts afresh.
            if (lane < _lanes.Length && TumblingWindow.StartOf(start, _tumbling) == start)
                _lanes[lane].Window = new TumblingWindow(start, _tumbling, state);
        }
    }

    /// <summary>Opens the window of the lane's next record if none is open, and cuts the batch of
    /// <paramref name="count"/> records at the window's end. Called under the gate.</summary>
    private int OpenWindowFor(Lane lane, int count)
    {
        var window = lane.Window ??= TumblingWindow.Containing(lane.Waiting.Peek().ApproximateArrivalTimestamp, _tumbling);
        var inWindow = 0;
        foreach (var record in lane.Waiting)
        {
            if (inWindow == count || !window.Contains(record.ApproximateArrivalTimestamp))
                break;
            inWindow++;
        }

        return inWindow;
    }

    private byte[] WindowedPayload(byte[] records, TumblingWindow window, bool final, bool terminatedEarly) =>
        WindowedEvent.Build(records, window, ShardId, _source.StreamArn, final, terminatedEarly);

    /// <summary>Keeps the state an invocation returned — durable before its records are checkpointed —
    /// and ends the window early when the state outgrew Lambda's 1 MB.</summary>
    private async Task KeepStateAsync(Lane lane, string state, CancellationToken stop, CancellationToken abort)
    {
        var window = lane.Window!;
        window.State = state;
        if (window.StateTooLarge)
        {
            await CloseWindowAsync(lane, terminatedEarly: true, stop, abort).ConfigureAwait(false);
            return;
        }

        await _services.Checkpoints.SaveWindowAsync(_mapping.Uuid, ShardId, lane.Index, window.Start, state, CancellationToken.None)
            .ConfigureAwait(false);
    }

    /// <summary>The window's final invocation, repeated until it succeeds or the mapping stops (the
    /// window then stays open, saved, for the next start). An early end continues the same window
    /// with an empty state.</summary>
    private async Task CloseWindowAsync(Lane lane, bool terminatedEarly, CancellationToken stop, CancellationToken abort)
    {
        var window = lane.Window!;
        var payload = WindowedPayload(_source.Shape.Build([], _source, ShardId), window, final: true, terminatedEarly);
        for (var attempt = 1; ; attempt++)
        {
            if (stop.IsCancellationRequested)
                return;
            var outcome = await InvokeAsync(payload, attempt, abort).ConfigureAwait(false);
            if (outcome.Outcome == InvocationOutcome.Succeeded)
                break;

            LogFinalInvokeFailed(_logger, _mapping.Uuid, ShardId, outcome.ErrorMessage ?? outcome.Outcome.ToString());
            var delay = StreamRetryPolicy.RetryDelay(attempt);
            try
            {
                await WaitUntilAsync(Task.Delay(delay, _services.Time, stop), _services.Time.GetUtcNow() + delay).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }

        if (terminatedEarly)
        {
            lane.Window = new TumblingWindow(window.Start, _tumbling, TumblingWindow.EmptyState);
            await _services.Checkpoints.SaveWindowAsync(_mapping.Uuid, ShardId, lane.Index, window.Start, TumblingWindow.EmptyState, CancellationToken.None)
                .ConfigureAwait(false);
        }
        else
        {
            lane.Window = null;
            await _services.Checkpoints.DeleteWindowAsync(_mapping.Uuid, ShardId, lane.Index, CancellationToken.None).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 424, Level = LogLevel.Warning,
        Message = "Stream mapping {Mapping}: the final invocation of a tumbling window of {ShardId} failed ({Reason}); it is retried before the lane moves on")]
    private static partial void LogFinalInvokeFailed(ILogger logger, string mapping, string shardId, string reason);
}
