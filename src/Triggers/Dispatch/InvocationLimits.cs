using Platform.Contracts.Functions;

namespace Platform.Triggers.Dispatch;

/// <summary>The one place a trigger decides how long an invocation may take and how many of a
/// function's invocations it runs at once.</summary>
public static class InvocationLimits
{
    /// <summary>The dispatch request's timeout: the function's own plus a margin, so a function that
    /// hits its timeout is reported by the runtime (TimedOut) before the request gives up.</summary>
    public static TimeSpan DispatchTimeout(FunctionDefinition function, TriggerOptions options) =>
        function.Timeout + options.InvokeTimeoutMargin;

    /// <summary>Invocations at once: the source's own maximum when it has one (an SQS mapping's
    /// ScalingConfig.MaximumConcurrency), else the function's concurrency; at least one.</summary>
    public static int Concurrency(FunctionDefinition function, int? sourceMaximum = null) =>
        Math.Max(1, sourceMaximum ?? function.Concurrency);
}
