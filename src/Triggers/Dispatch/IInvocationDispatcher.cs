using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Dispatch;

/// <summary>Runs one invocation and reports its outcome. Transport failures and a function that
/// never answers within <paramref name="timeout"/> come back as Failed / TimedOut outcomes, not as
/// exceptions; only cancellation through the token throws.</summary>
public interface IInvocationDispatcher
{
    Task<FunctionInvoked> InvokeAsync(InvokeFunction request, TimeSpan timeout, CancellationToken cancellationToken);
}
