using System.Diagnostics;
using System.Diagnostics.Metrics;

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

    /// <summary>Tags: function.</summary>
    public static Histogram<double> InvocationDuration { get; } = Meter.CreateHistogram<double>("platform.invocation.duration", "ms", "Invocation duration");

    /// <summary>Tags: destination, condition — records sent to an on-failure/on-success destination or a DLQ.</summary>
    public static Counter<long> DestinationSends { get; } = Meter.CreateCounter<long>("platform.destination.sends", description: "Records sent to destinations");

    /// <summary>Tags: function — how old an async event is when an attempt starts.</summary>
    public static Histogram<double> AsyncEventAge { get; } = Meter.CreateHistogram<double>("platform.async.event_age", "ms", "Age of async events at invocation");
}
