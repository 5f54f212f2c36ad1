namespace Platform.Triggers.Failures;

/// <summary>
/// What happens to work that did not succeed, for every source — a closed set. Each source's policy
/// (<c>AsyncRetryPolicy</c>, <c>StreamRetryPolicy</c>, <c>SqsFailurePolicy</c>) decides one from
/// AWS's rules as a pure function; <see cref="FailureExecutor"/> carries it out against the source's
/// <see cref="IFailureTarget"/>, so the rules stay testable apart from the code that counts
/// attempts and talks to queues, streams and checkpoints.
/// </summary>
public abstract record FailureOutcome
{
    private FailureOutcome()
    {
    }

    /// <summary>Invoke the same records again at once (a stream's blocked batch); spends a retry.</summary>
    public sealed record RetryNow : FailureOutcome;

    /// <summary>Leave the work on its source to come back after <paramref name="Delay"/>; null: the
    /// source's own visibility timeout (an SQS message that stays on its queue).</summary>
    public sealed record RetryAfter(TimeSpan? Delay) : FailureOutcome;

    /// <summary>Split the records in two and process each half in order; spends no retry.</summary>
    public sealed record Bisect : FailureOutcome;

    /// <summary>Move the source past work that needs no invocation (records the filters drop).</summary>
    public sealed record CheckpointAndSkip : FailureOutcome;

    /// <summary>Give up: the destination record goes durably to <paramref name="Destination"/> (an
    /// SQS, SNS, Lambda, EventBridge or S3 ARN; platform.yaml also a queue name or URL), then the source moves past the work.</summary>
    public sealed record SendToDestination(string Destination, string Condition) : FailureOutcome;

    /// <summary>Give up without a destination: the source moves past the work, which is logged only,
    /// as Lambda does.</summary>
    public sealed record Discard(string Condition) : FailureOutcome;

    /// <summary>Give up on the work, to <paramref name="destination"/> when there is one.</summary>
    public static FailureOutcome GiveUp(string condition, string? destination) =>
        string.IsNullOrWhiteSpace(destination) ? new Discard(condition) : new SendToDestination(destination, condition);
}
