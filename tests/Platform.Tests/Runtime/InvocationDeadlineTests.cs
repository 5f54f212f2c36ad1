using Platform.Contracts.Functions;
using Platform.Runtime.Invocation;
using Platform.Tests.Support;

namespace Platform.Tests.Runtime;

/// <summary>Lambda's clock for one invocation: the timeout from the event's hand-over, a cold
/// start's init under the init limit before it.</summary>
public sealed class InvocationDeadlineTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void The_timeout_runs_from_when_the_deadline_is_made()
    {
        using var deadline = new InvocationDeadline(TimeSpan.FromSeconds(3), _time);

        _time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.False(deadline.HasExpired);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(deadline.HasExpired);
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_cold_starts_init_runs_under_the_init_limit_and_the_timeout_starts_at_hand_over()
    {
        using var deadline = new InvocationDeadline(TimeSpan.FromSeconds(1), _time);
        deadline.BeginInit();

        _time.Advance(TimeSpan.FromSeconds(4));   // a slow import: four times the timeout
        Assert.False(deadline.HasExpired);
        var at = deadline.StartNow();

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(1), at);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(deadline.HasExpired);
        Assert.Equal(TimeSpan.FromMilliseconds(999), deadline.Elapsed);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(deadline.HasExpired);
    }

    [Fact]
    public void An_init_that_never_ends_expires_at_the_init_limit()
    {
        using var deadline = new InvocationDeadline(TimeSpan.FromSeconds(1), _time);
        deadline.BeginInit();

        _time.Advance(FunctionDefinition.InitLimit - TimeSpan.FromMilliseconds(1));
        Assert.False(deadline.HasExpired);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(deadline.Expired.IsCompletedSuccessfully);
    }

    [Fact]
    public void An_expired_deadline_stays_expired()
    {
        using var deadline = new InvocationDeadline(TimeSpan.FromSeconds(1), _time);
        _time.Advance(TimeSpan.FromSeconds(1));

        var at = deadline.StartNow();

        Assert.True(deadline.HasExpired);
        Assert.True(at <= _time.GetUtcNow());
    }
}
