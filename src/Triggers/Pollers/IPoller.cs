namespace Platform.Triggers.Pollers;

/// <summary>One source of work, driven by <see cref="PollingLoop"/>: the poller says how to take
/// one step and how to wait for the next; the loop owns errors, backoff and shutdown.</summary>
public interface IPoller
{
    /// <summary>For logs and health (e.g. <c>s3:uploads:resize</c>, <c>async:resize</c>).</summary>
    string Name { get; }

    /// <summary>Takes one step. Throwing is fine: the loop logs it and backs off.</summary>
    Task<PollResult> PollOnceAsync(CancellationToken cancellationToken);

    /// <summary>Called after an <see cref="PollResult.Idle"/> step: returns when there may be work.
    /// A change that happened since the step began must not be missed (remember the signal's
    /// version before reading). Pollers whose step already waits (a long-poll receive) return at once.</summary>
    Task WaitForWorkAsync(CancellationToken cancellationToken);
}
