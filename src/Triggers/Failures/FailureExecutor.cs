using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Destinations;

namespace Platform.Triggers.Failures;

/// <summary>
/// Carries out a <see cref="FailureOutcome"/> on its target — the one place that keeps the rule
/// that nothing is lost: a given-up (or, async, succeeded) event's destination record is durable at
/// its destination — queue, topic, function, bus or bucket — before the source is told to move past
/// the event. A destination that cannot take it throws, and the source keeps the event.
/// </summary>
public sealed class FailureExecutor(DestinationResolver destinations)
{
    /// <summary>Queue destinations only (unit tests' queue harness).</summary>
    public FailureExecutor(IQueuePort queues)
        : this(new DestinationResolver(queues))
    {
    }

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
                var destination = destinations.Resolve(send.Destination);
                // The record's message carries this span's trace (AWSTraceHeader); a failed send leaves it unended.
                var span = TriggersTelemetry.StartDestinationSpan(send.Destination, send.Condition);
                await destination.SendAsync(target.DestinationRecord(send.Condition), cancellationToken).ConfigureAwait(false);
                span?.Dispose();
                TriggersTelemetry.DestinationSends.Add(1, new("destination", destination.Arn.Name), new("condition", send.Condition));
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
