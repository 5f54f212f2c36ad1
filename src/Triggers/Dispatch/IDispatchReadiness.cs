namespace Platform.Triggers.Dispatch;

/// <summary>
/// Whether the dispatch transport can carry an invocation now. A broker that is down is not the
/// function's failure: the invoker waits for it (within the invocation's timeout) instead of failing
/// at once and spending the event's retries in the seconds the broker needs to come back.
/// </summary>
public interface IDispatchReadiness
{
    /// <summary>True as soon as invocations can be sent; false if that did not happen within <paramref name="timeout"/>.</summary>
    Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
