using System.Diagnostics;

namespace Platform.Runtime;

internal static class RuntimeTelemetry
{
    public static readonly ActivitySource ActivitySource = new("Platform.Runtime");

    /// <summary>The invocation's span, continuing the trace the trigger sent along
    /// (<see cref="Platform.Contracts.Dispatch.InvokeFunction.TraceParent"/>).</summary>
    public static Activity? StartInvocation(string name, string? traceParent)
    {
        if (!ActivitySource.HasListeners())
            return null;
        return traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? ActivitySource.StartActivity(name, ActivityKind.Server, parent)
            : ActivitySource.StartActivity(name, ActivityKind.Server);
    }

    /// <summary>What the function is told (Lambda-Runtime-Trace-Id → <c>_X_AMZN_TRACE_ID</c>, and
    /// <c>traceparent</c>): this invocation's span, or the caller's context when nothing records spans
    /// here; null when there is neither.</summary>
    public static (string XRay, string TraceParent)? FunctionTrace(Activity? span, string? traceParent)
    {
        ActivityContext context;
        if (span is not null)
            context = span.Context;
        else if (traceParent is null || !ActivityContext.TryParse(traceParent, null, isRemote: true, out context))
            return null;
        var trace = context.TraceId.ToHexString();
        var span16 = context.SpanId.ToHexString();
        var sampled = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0;
        return ($"Root=1-{trace[..8]}-{trace[8..]};Parent={span16};Sampled={(sampled ? 1 : 0)}",
            $"00-{trace}-{span16}-{(sampled ? "01" : "00")}");
    }
}
