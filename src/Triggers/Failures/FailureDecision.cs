using Platform.Triggers.Sources.Async;

namespace Platform.Triggers.Failures;

/// <summary>What happens to an async event that did not succeed — a closed set, decided by
/// <see cref="AsyncRetryPolicy"/> and carried out by the poller, so the rules stay testable apart
/// from the code that counts attempts and talks to queues.</summary>
public abstract record FailureDecision
{
    private FailureDecision()
    {
    }

    /// <summary>Try again after <paramref name="Delay"/> (the message becomes visible again then).</summary>
    public sealed record RetryAfter(TimeSpan Delay) : FailureDecision;

    /// <summary>Give up and send the destination record to the on-failure destination queue.</summary>
    public sealed record SendToDestination(string Destination, string Condition) : FailureDecision;

    /// <summary>Give up without a destination: the event is dropped (and logged), as Lambda does.</summary>
    public sealed record Discard(string Condition) : FailureDecision;
}
