using Platform.Contracts.Dispatch;
using Platform.Triggers.Dispatch;

namespace Platform.Tests.Triggers.Dispatch;

public sealed class DispatchReadinessTests
{
    private sealed class Unavailable : IDispatchReadiness
    {
        public TimeSpan? AskedFor { get; private set; }

        public Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            AskedFor = timeout;
            return Task.FromResult(false);
        }
    }

    [Fact]
    public async Task A_transport_that_stays_unavailable_for_the_whole_timeout_fails_the_attempt_without_sending()
    {
        var readiness = new Unavailable();
        // Nothing may be sent: a client factory that is never used.
        var invoker = new MassTransitInvocationDispatcher(null!, TimeProvider.System, readiness);

        var result = await invoker.InvokeAsync(new InvokeFunction
        {
            RequestId = "r-1",
            FunctionName = "summarize",
            Payload = "{}",
            Trigger = "test",
        }, TimeSpan.FromSeconds(35), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(35), readiness.AskedFor);
        Assert.Equal(InvocationOutcome.Failed, result.Outcome);
        Assert.Equal("Platform.DispatchUnavailable", result.ErrorType);
        Assert.Equal("r-1", result.RequestId);
    }
}
