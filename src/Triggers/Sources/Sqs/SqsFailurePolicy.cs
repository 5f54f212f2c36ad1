using Platform.Triggers.Failures;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>
/// Lambda's rule for an SQS mapping's failed messages (services-sqs-errorhandling): they are never
/// deleted, retried or sent anywhere by the mapping itself — they stay on the queue and reappear
/// after its visibility timeout; the queue's RedrivePolicy, not the mapping, moves them to a
/// dead-letter queue. Which messages failed is <see cref="BatchResponseEvaluator"/>'s reading of the
/// invocation; the messages the filters drop are skipped (deleted) without an invocation.
/// </summary>
public static class SqsFailurePolicy
{
    public static FailureOutcome ForFailed() => new FailureOutcome.RetryAfter(null);

    public static FailureOutcome ForFilteredOut() => new FailureOutcome.CheckpointAndSkip();
}
