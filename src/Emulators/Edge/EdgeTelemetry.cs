using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Platform.Emulators.Edge;

/// <summary>
/// One server span per API call on the edge port — the root of an event's trace: what the call
/// stores (an S3 journal row, an SQS message) carries this span's context, so the poller, the
/// invocation and the destination that follow join the same trace. Nothing is created while no
/// listener (an OTLP exporter) is attached.
/// </summary>
public static class EdgeTelemetry
{
    public const string SourceName = "Platform.Edge";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts the call's span, parented to the caller's <c>traceparent</c> or
    /// <c>X-Amzn-Trace-Id</c>; null while nothing listens.</summary>
    public static Activity? StartRequest(HttpRequest request, string service)
    {
        if (!Source.HasListeners())
            return null;
        XRayTraceHeader.TryParseRequest(request.Headers.TraceParent, request.Headers.TraceState,
            request.Headers["X-Amzn-Trace-Id"], out var parent);
        // ASP.NET Core may have started its own (unexported) request activity; the edge span takes
        // the caller's context instead, so no span in the trace points at a parent nobody exported.
        Activity.Current = null;
        var activity = Source.StartActivity(service + " " + request.Method, ActivityKind.Server, parent);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", service);
        activity?.SetTag("http.request.method", request.Method);
        return activity;
    }

    /// <summary>Names the current edge span after the operation once the API knows it
    /// (<c>S3.PutObject</c>, <c>SQS.SendMessage</c>).</summary>
    public static void NameOperation(string service, string operation)
    {
        if (Activity.Current is { Source.Name: SourceName } activity)
        {
            activity.DisplayName = service + "." + operation;
            activity.SetTag("rpc.method", operation);
        }
    }
}
