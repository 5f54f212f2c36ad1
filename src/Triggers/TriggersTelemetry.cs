using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.Emulators.Edge;

namespace Platform.Triggers;

/// <summary>The module's one ActivitySource: every invocation and every storage batch is a span; and its
/// one Meter. Instruments cost a branch while nothing listens (the dashboard's Prometheus endpoint and
/// an OTLP exporter listen).</summary>
public static class TriggersTelemetry
{
    public const string SourceName = "Platform.Triggers";

    public static ActivitySource Source { get; } = new(SourceName);

    public static Meter Meter { get; } = new(SourceName);

    /// <summary>Tags: function, trigger, outcome.</summary>
    public static Counter<long> Invocations { get; } = Meter.CreateCounter<long>("platform.invocations", description: "Invocations by outcome");

    /// <summary>Tags: function, trigger, error_type — invocations that did not succeed (errors, timeouts).</summary>
    public static Counter<long> Errors { get; } = Meter.CreateCounter<long>("platform.invocation.errors", description: "Invocations that failed or timed out");

    /// <summary>Tags: function.</summary>
    public static Histogram<double> InvocationDuration { get; } = Meter.CreateHistogram<double>("platform.invocation.duration", "ms", "Invocation duration");

    /// <summary>Tags: destination, condition — records sent to an on-failure/on-success destination or a DLQ.</summary>
    public static Counter<long> DestinationSends { get; } = Meter.CreateCounter<long>("platform.destination.sends", description: "Records sent to destinations");

    /// <summary>Tags: function — how old an async event is when an attempt starts.</summary>
    public static Histogram<double> AsyncEventAge { get; } = Meter.CreateHistogram<double>("platform.async.event_age", "ms", "Age of async events at invocation");

    /// <summary>A span of one event's trace: its parent is the trace stored with the event (SQS's
    /// AWSTraceHeader, the S3 journal row's), so upload, poller, invocation and destination share one
    /// trace id. Null while nothing listens.</summary>
    public static Activity? StartEventSpan(string name, ActivityKind kind, string? traceHeader)
    {
        if (!Source.HasListeners())
            return null;
        return XRayTraceHeader.TryParse(traceHeader, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
    }

    /// <summary>A batch's span (SQS mapping): the first traced record's trace is its parent, the
    /// others are links — as X-Ray links a batch to every message's trace.</summary>
    public static Activity? StartBatchSpan(string name, IEnumerable<string?> traceHeaders)
    {
        if (!Source.HasListeners())
            return null;
        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var header in traceHeaders)
        {
            if (!XRayTraceHeader.TryParse(header, out var context))
                continue;
            if (parent == default)
                parent = context;
            else if (context.TraceId != parent.TraceId)
                (links ??= []).Add(new ActivityLink(context));
        }

        return Source.StartActivity(name, ActivityKind.Consumer, parent, links: links);
    }

    /// <summary>The send of a destination record (on-failure, on-success): the record's message
    /// carries this span's context.</summary>
    public static Activity? StartDestinationSpan(string destination, string condition)
    {
        var span = Source.StartActivity("destination " + condition, ActivityKind.Producer);
        span?.SetTag("messaging.system", "aws_sqs");
        span?.SetTag("messaging.destination.name", destination);
        span?.SetTag("platform.condition", condition);
        return span;
    }
}
