using Platform.Emulators.Queues.Engine;

namespace Platform.Triggers.Failures;

/// <summary>
/// Carries out a <see cref="FailureOutcome"/> on its target — the one place that keeps the rule
/// that nothing is lost: a given-up event's destination record is durably on its queue before the
/// source is told to move past the event.
/// </summary>
public sealed class FailureExecutor(IQueuePort queues)
{
    public async Task ApplyAsync(FailureOutcome outcome, IFailureTarget target, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case FailureOutcome.RetryNow:
                await target.RetryNowAsync(cancellationToken).ConfigureAwait(false);
                break;

            case FailureOutcome.RetryAfter retry:
                await target.RetryAfterAsync(retry.Delay, cancellationToken).ConfigureAwait(false);
                break;

            case FailureOutcome.Bisect:
                await target.BisectAsync(cancellationToken).ConfigureAwait(false);
                break;

            case FailureOutcome.SendToDestination send:
                // The record's message carries this span's trace (AWSTraceHeader); a failed send leaves it unended.
                var span = TriggersTelemetry.StartDestinationSpan(send.Destination, send.Condition);
                await queues.SendMessageAsync(DestinationQueue.ResolveName(send.Destination),
                    new OutgoingMessage { Body = target.DestinationRecord(send.Condition) }, cancellationToken).ConfigureAwait(false);
                span?.Dispose();
                TriggersTelemetry.DestinationSends.Add(1, new("destination", DestinationQueue.ResolveName(send.Destination)), new("condition", send.Condition));
                await target.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
                break;

            case FailureOutcome.CheckpointAndSkip or FailureOutcome.Discard:
                await target.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a failure outcome.");
        }
    }
}
