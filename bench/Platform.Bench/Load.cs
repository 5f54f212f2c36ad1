using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Bench;

internal static class Load
{
    /// <summary>Runs <paramref name="measure"/> for 0 … <paramref name="count"/>−1 from
    /// <paramref name="concurrency"/> clients, each taking the next index when its call returns;
    /// returns every call's figure and the calls per second over the whole run.</summary>
    public static async Task<(List<double> Samples, double PerSecond)> ConcurrentlyAsync(int count, int concurrency, Func<int, Task<double>> measure)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        var samples = new ConcurrentBag<double>();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                samples.Add(await measure(i));
        }));
        return (samples.ToList(), count / clock.Elapsed.TotalSeconds);
    }
}
