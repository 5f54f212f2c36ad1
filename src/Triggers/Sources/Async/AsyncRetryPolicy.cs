using Platform.Contracts.Functions;
using Platform.Triggers.Failures;

namespace Platform.Triggers.Sources.Async;

/// <summary>
/// Lambda's asynchronous-invocation rules as pure functions of the event invoke config, the attempt
/// number (1 = first try; the async queue's ApproximateReceiveCount) and the event's age. An event
/// gets 1 + MaximumRetryAttempts attempts; an event older than MaximumEventAgeInSeconds is never
/// invoked again.
/// </summary>
public static class AsyncRetryPolicy
{
    public static int MaximumAttempts(AsyncInvokeConfig config) => 1 + Math.Clamp(config.MaximumRetryAttempts, 0, 2);

    /// <summary>Checked on every receive before invoking: null means invoke.</summary>
    public static FailureOutcome? BeforeInvoke(AsyncInvokeConfig config, int attempt, TimeSpan age)
    {
        if (age > TimeSpan.FromSeconds(config.MaximumEventAgeInSeconds))
            return GiveUp(config, DestinationConditions.EventAgeExceeded);

        // Only reachable when an attempt never reported an outcome (a crash, or a shutdown that
        // released it): that attempt counts, as it does in Lambda.
        if (attempt > MaximumAttempts(config))
            return GiveUp(config, DestinationConditions.RetriesExhausted);

        return null;
    }

    /// <summary>After attempt <paramref name="attempt"/> failed (error or timeout).</summary>
    public static FailureOutcome AfterFailure(AsyncInvokeConfig config, int attempt, TimeSpan age)
    {
        if (attempt >= MaximumAttempts(config))
            return GiveUp(config, DestinationConditions.RetriesExhausted);

        if (age > TimeSpan.FromSeconds(config.MaximumEventAgeInSeconds))
            return GiveUp(config, DestinationConditions.EventAgeExceeded);

        // Retry n (1-based) follows attempt n.
        return new FailureOutcome.RetryAfter(config.RetryDelay(attempt));
    }

    private static FailureOutcome GiveUp(AsyncInvokeConfig config, string condition) =>
        FailureOutcome.GiveUp(condition, config.OnFailureDestination);
}
