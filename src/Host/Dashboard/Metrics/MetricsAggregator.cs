using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Platform.Triggers;

namespace Platform.Host.Dashboard.Metrics;

/// <summary>
/// Listens to the platform's Meter (<see cref="TriggersTelemetry.Meter"/>) and keeps cumulative counters
/// and histograms per label set for the Prometheus endpoint — an Interlocked add per measurement, no
/// OpenTelemetry SDK loaded. Started with the host so nothing before the first scrape is missed.
/// </summary>
internal sealed class MetricsAggregator : IDisposable
{
    /// <summary>Bucket bounds in milliseconds: sub-millisecond in-process calls to the 15-minute Lambda maximum.</summary>
    public static readonly double[] Bounds = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 900000];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Metric, string Labels), StrongBox> _counters = new();
    private readonly ConcurrentDictionary<(string Metric, string Labels), HistogramCells> _histograms = new();

    public MetricsAggregator()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is TriggersTelemetry.SourceName or Platform.Emulators.Queues.Engine.QueueTelemetry.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument is Counter<long>)
                Interlocked.Add(ref _counters.GetOrAdd((instrument.Name, Labels(tags)), _ => new StrongBox()).Value, value);
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument is Histogram<double>)
                _histograms.GetOrAdd((instrument.Name, Labels(tags)), _ => new HistogramCells()).Record(value);
        });
        _listener.Start();
    }

    public IEnumerable<(string Metric, string Labels, long Value)> Counters() =>
        _counters.Select(c => (c.Key.Metric, c.Key.Labels, Interlocked.Read(ref c.Value.Value)));

    public IEnumerable<(string Metric, string Labels, HistogramCells Cells)> Histograms() =>
        _histograms.Select(h => (h.Key.Metric, h.Key.Labels, h.Value));

    /// <summary>Prometheus label text (<c>a="x",b="y"</c>), values escaped as the text format wants.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in tags)
        {
            if (text.Length > 0)
                text.Append(',');
            text.Append(key).Append("=\"").Append(Escape(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))).Append('"');
        }

        return text.ToString();
    }

    public static string Escape(string? value) =>
        (value ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public void Dispose() => _listener.Dispose();

    internal sealed class StrongBox
    {
        public long Value;
    }

    internal sealed class HistogramCells
    {
        public readonly long[] Buckets = new long[Bounds.Length + 1];
        private long _count;
        private long _sumMicros;

        public long Count => Interlocked.Read(ref _count);
        public double Sum => Interlocked.Read(ref _sumMicros) / 1000.0;

        public void Record(double value)
        {
            var index = Array.BinarySearch(Bounds, value);
            Interlocked.Increment(ref Buckets[index >= 0 ? index : ~index]);
            Interlocked.Add(ref _sumMicros, (long)(value * 1000));
            Interlocked.Increment(ref _count);
        }
    }
}
