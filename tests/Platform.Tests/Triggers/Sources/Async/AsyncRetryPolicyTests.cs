using Platform.Contracts.Functions;
using Platform.Triggers.Failures;
using Platform.Triggers.Sources.Async;

namespace Platform.Tests.Triggers.Sources.Async;

public sealed class AsyncRetryPolicyTests
{
    private static readonly TimeSpan Young = TimeSpan.FromSeconds(5);

    private static AsyncInvokeConfig Config(int retries, string? destination = "failures") => new()
    {
        MaximumRetryAttempts = retries,
        MaximumEventAgeInSeconds = 60,
        RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)],
        OnFailureDestination = destination,
    };

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    public void Attempts_are_one_plus_retries(int retries, int attempts) =>
        Assert.Equal(attempts, AsyncRetryPolicy.MaximumAttempts(Config(retries)));

    [Theory]
    // retries, failed attempt, expected: delay in s, or -1 for RetriesExhausted
    [InlineData(0, 1, -1)]
    [InlineData(1, 1, 1)]
    [InlineData(1, 2, -1)]
    [InlineData(2, 1, 1)]
    [InlineData(2, 2, 2)]
    [InlineData(2, 3, -1)]
    public void After_a_failure_retries_until_exhausted(int retries, int attempt, int delaySeconds)
    {
        var decision = AsyncRetryPolicy.AfterFailure(Config(retries), attempt, Young);

        if (delaySeconds < 0)
            Assert.Equal(new FailureOutcome.SendToDestination("failures", DestinationConditions.RetriesExhausted), decision);
        else
            Assert.Equal(new FailureOutcome.RetryAfter(TimeSpan.FromSeconds(delaySeconds)), decision);
    }

    [Fact]
    public void A_later_retry_reuses_the_last_delay() =>
        Assert.Equal(TimeSpan.FromSeconds(2), new AsyncInvokeConfig { RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)] }.RetryDelay(3));

    [Fact]
    public void Without_a_destination_the_event_is_discarded() =>
        Assert.Equal(new FailureOutcome.Discard(DestinationConditions.RetriesExhausted),
            AsyncRetryPolicy.AfterFailure(Config(0, destination: null), 1, Young));

    [Fact]
    public void A_young_event_within_its_attempts_is_invoked() =>
        Assert.Null(AsyncRetryPolicy.BeforeInvoke(Config(2), 3, TimeSpan.FromSeconds(60)));

    [Fact]
    public void An_old_event_is_not_invoked() =>
        Assert.Equal(new FailureOutcome.SendToDestination("failures", DestinationConditions.EventAgeExceeded),
            AsyncRetryPolicy.BeforeInvoke(Config(2), 1, TimeSpan.FromSeconds(61)));

    [Fact]
    public void An_old_event_is_not_retried() =>
        Assert.Equal(new FailureOutcome.SendToDestination("failures", DestinationConditions.EventAgeExceeded),
            AsyncRetryPolicy.AfterFailure(Config(2), 1, TimeSpan.FromSeconds(61)));

    [Fact]
    public void Exhausted_retries_win_over_age_after_the_last_attempt() =>
        Assert.Equal(new FailureOutcome.SendToDestination("failures", DestinationConditions.RetriesExhausted),
            AsyncRetryPolicy.AfterFailure(Config(1), 2, TimeSpan.FromSeconds(61)));

    [Fact]
    public void An_attempt_that_never_reported_counts() =>
        Assert.Equal(new FailureOutcome.SendToDestination("failures", DestinationConditions.RetriesExhausted),
            AsyncRetryPolicy.BeforeInvoke(Config(1), 3, Young));
}
