using Platform.Emulators.Events.Engine;

namespace Platform.Triggers.Sources.EventBridge;

/// <summary>
/// What happens after a failed delivery, decided from the target's RetryPolicy alone: retry after an
/// exponential delay (capped), or give up — when MaximumRetryAttempts retries have failed
/// (<c>MaximumRetryAttemptsExhausted</c>) or the event is older than MaximumEventAgeInSeconds
/// (<c>MaximumEventAgeExceeded</c>), as EventBridge names the two conditions.
/// </summary>
public static class DeliveryRetryPolicy
{
    public const string AttemptsExhausted = "MaximumRetryAttemptsExhausted";
    public const string AgeExceeded = "MaximumEventAgeExceeded";

    /// <returns>The retry time, or the condition under which the delivery is given up.</returns>
    public static (DateTimeOffset? RetryAt, string? GiveUp) Decide(OutboxEntry delivery, int failedAttempts, DateTimeOffset now, EventsOptions options)
    {
        var target = delivery.Target;
        // The first attempt is not a retry: MaximumRetryAttempts 0 means one attempt.
        if (failedAttempts > target.MaximumRetryAttempts)
            return (null, AttemptsExhausted);
        var delay = TimeSpan.FromTicks(Math.Min(options.RetryMaxDelay.Ticks,
            options.RetryBaseDelay.Ticks * (1L << Math.Min(failedAttempts - 1, 30))));
        var retryAt = now + delay;
        if (retryAt - delivery.Created > TimeSpan.FromSeconds(target.MaximumEventAgeInSeconds))
            return (null, AgeExceeded);
        return (retryAt, null);
    }
}
