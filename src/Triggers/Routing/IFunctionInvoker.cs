using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Routing;

/// <summary>Runs one invocation and reports its outcome. Transport failures and a function that
/// never answers within <paramref name="timeout"/> come back as Failed / TimedOut outcomes, not as
/// exceptions; only cancellation through the token throws.</summary>
public interface IFunctionInvoker
{
    Task<FunctionInvoked> InvokeAsync(InvokeFunction request, TimeSpan timeout, CancellationToken cancellationToken);
}
