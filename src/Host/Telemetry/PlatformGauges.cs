using System.Diagnostics.Metrics;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Dashboard;
using Platform.Host.Dashboard.Topology;

namespace Platform.Host.Telemetry;

/// <summary>
/// The figures that are states, not events — queue depth and iterator age — as observable gauges,
/// read when the OTLP exporter collects (what /_platform/metrics reads at scrape time). Made only
/// when an OTLP endpoint is set.
/// </summary>
internal sealed class PlatformGauges : IDisposable
{
    public const string MeterName = "Platform.Host";

    private readonly Meter _meter = new(MeterName);

    public PlatformGauges(QueueEngine queues, QueueViews queueViews, IEnumerable<ITopologySource> sources)
    {
        var topology = sources.ToArray();
        _meter.CreateObservableGauge("platform.queue.messages", () => QueueDepths(queues, queueViews),
            description: "Messages in each queue by state (visible, inFlight, delayed)");
        _meter.CreateObservableGauge("platform.iterator_age", () => IteratorAges(topology), "ms",
            "Age of the last record of each stream mapping's last batch when it finished");
    }

    private static IEnumerable<Measurement<long>> QueueDepths(QueueEngine queues, QueueViews queueViews)
    {
        foreach (var queue in queueViews.Names())
        {
            var (visible, inFlight, delayed) = queues.CountMessages(queue);
            yield return new(visible, new("queue", queue), new("state", "visible"));
            yield return new(inFlight, new("queue", queue), new("state", "inFlight"));
            yield return new(delayed, new("queue", queue), new("state", "delayed"));
        }
    }

    private static IEnumerable<Measurement<double>> IteratorAges(ITopologySource[] sources)
    {
        foreach (var edge in sources.SelectMany(s => s.Edges()))
        {
            if (edge.Figures.TryGetValue("iteratorAgeMs", out var age))
                yield return new(age,
                    new("function", edge.Function), new("source", edge.Trigger), new("mapping", edge.ViaId));
        }
    }

    public void Dispose() => _meter.Dispose();
}
