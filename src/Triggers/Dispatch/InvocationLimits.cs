using Platform.Contracts.Functions;

namespace Platform.Triggers.Dispatch;

/// <summary>The one place a trigger decides how long an invocation may take and how many of a
/// function's invocations it runs at once.</summary>
public static class InvocationLimits
{
    /// <summary>The dispatch request's timeout: the longest the runtime may take — a new environment's
    /// init, then the function's own timeout — plus a margin, so a function that hits its timeout is
    /// reported by the runtime (TimedOut) before the request gives up.</summary>
    public static TimeSpan DispatchTimeout(FunctionDefinition function, TriggerOptions options) =>
        DispatchTimeout(function, options.InvokeTimeoutMargin);

    public static TimeSpan DispatchTimeout(FunctionDefinition function, TimeSpan margin) =>
        FunctionDefinition.InitLimit + function.Timeout + margin;

    /// <summary>Invocations at once: the source's own maximum when it has one (an SQS mapping's
    /// ScalingConfig.MaximumConcurrency), never more than the function's reserved concurrency — a
    /// batch beyond it would only wait in the runtime's gate, where its dispatch timeout runs and
    /// could fail it, where Lambda throttles it and lets the messages come back; at least one.</summary>
    public static int Concurrency(FunctionDefinition function, int? sourceMaximum = null) =>
        Math.Max(1, Math.Min(sourceMaximum ?? function.Concurrency, function.Concurrency));
}
