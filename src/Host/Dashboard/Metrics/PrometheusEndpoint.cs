using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Dashboard.Topology;

namespace Platform.Host.Dashboard.Metrics;

/// <summary>
/// /_platform/metrics in Prometheus's text format (not /metrics, which is a bucket's path): the Meter's
/// counters and histograms (invocations, duration, destination/DLQ sends, async event age) and gauges
/// read at scrape time — every queue's depth by state and every edge's iterator age.
/// </summary>
internal sealed class PrometheusEndpoint(MetricsAggregator aggregator, QueueEngine queues, QueueViews queueViews, IEnumerable<ITopologySource> sources)
{
    public async Task WriteAsync(HttpContext context)
    {
        var text = new StringBuilder();
        foreach (var group in aggregator.Counters().GroupBy(c => c.Metric).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = Name(group.Key) + "_total";
            text.Append("# TYPE ").Append(name).Append(" counter\n");
            foreach (var (_, labels, value) in group.OrderBy(c => c.Labels, StringComparer.Ordinal))
                Sample(text, name, labels, value);
        }

        foreach (var group in aggregator.Histograms().GroupBy(h => h.Metric).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = Name(group.Key) + "_ms";
            text.Append("# TYPE ").Append(name).Append(" histogram\n");
            foreach (var (_, labels, cells) in group.OrderBy(h => h.Labels, StringComparer.Ordinal))
            {
                long cumulative = 0;
                for (var i = 0; i <= MetricsAggregator.Bounds.Length; i++)
                {
                    cumulative += Interlocked.Read(ref cells.Buckets[i]);
                    var le = i < MetricsAggregator.Bounds.Length ? MetricsAggregator.Bounds[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
                    Sample(text, name + "_bucket", Join(labels, $"le=\"{le}\""), cumulative);
                }

                Sample(text, name + "_sum", labels, cells.Sum);
                Sample(text, name + "_count", labels, cells.Count);
            }
        }

        text.Append("# TYPE platform_queue_messages gauge\n");
        foreach (var queue in queueViews.Names())
        {
            var (visible, inFlight, delayed) = queues.CountMessages(queue);
            var label = $"queue=\"{MetricsAggregator.Escape(queue)}\"";
            Sample(text, "platform_queue_messages", Join(label, "state=\"visible\""), visible);
            Sample(text, "platform_queue_messages", Join(label, "state=\"inFlight\""), inFlight);
            Sample(text, "platform_queue_messages", Join(label, "state=\"delayed\""), delayed);
        }

        text.Append("# TYPE platform_iterator_age_ms gauge\n");
        foreach (var edge in sources.SelectMany(s => s.Edges()))
        {
            if (edge.Figures.TryGetValue("iteratorAgeMs", out var age))
                Sample(text, "platform_iterator_age_ms",
                    $"function=\"{MetricsAggregator.Escape(edge.Function)}\",source=\"{MetricsAggregator.Escape(edge.Trigger)}\",mapping=\"{edge.ViaId}\"", age);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static string Name(string instrument) => instrument.Replace('.', '_');

    private static string Join(string labels, string more) => labels.Length == 0 ? more : labels + "," + more;

    private static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
            text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
