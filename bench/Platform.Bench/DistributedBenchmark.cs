using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Host.Workers;
using Platform.Runtime;

namespace Platform.Bench;

/// <summary>
/// The cost of the broker hop: the s3-trigger measurement (plain HTTP PUT → the function entered)
/// run twice in one go — embedded (in-memory dispatch) and distributed (`up` dispatching over a
/// real RabbitMQ to a worker, both in this process so one clock times both ends) — and the ratio.
/// </summary>
internal static class DistributedBenchmark
{
    private const string Scenario = "distributed";

    public static async Task RunAsync(int uploads, int concurrency)
    {
        var embedded = await MeasureAsync(DispatchOptions.InMemory, uploads, concurrency);
        Print("embedded (in-memory)", embedded);

        await using var broker = await BenchBroker.StartAsync();
        var distributed = await MeasureAsync(DispatchOptions.Parse(broker.Transport, runFunctions: false), uploads, concurrency);
        Print("distributed (RabbitMQ, 1 worker)", distributed);

        Report.Line(Scenario, $"ratio distributed/embedded: one at a time p50 {distributed.Sequential.P50 / embedded.Sequential.P50:F1}x, " +
                              $"p99 {distributed.Sequential.P99 / embedded.Sequential.P99:F1}x; " +
                              $"throughput {distributed.Throughput / embedded.Throughput:F2}x");
    }

    private static void Print(string name, Figures figures)
    {
        Report.Line(Scenario, $"{name}: one at a time, PUT sent → function entered: {figures.Sequential.Text} ms");
        Report.Line(Scenario, $"{name}: {figures.Concurrency} uploaders: {figures.Throughput:F0} uploads→invocations/s, " +
                              $"PUT sent → function entered {figures.Concurrent.Text} ms");
    }

    private static async Task<Figures> MeasureAsync(DispatchOptions dispatch, int uploads, int concurrency)
    {
        var entered = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        TaskCompletionSource<long> Slot(string key) =>
            entered.GetOrAdd(key, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        var function = new FunctionDefinition { Name = "touch", Concurrency = Math.Max(concurrency, 4) };
        void Register(IServiceCollection services) => services.AddFunction(function, (payload, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(payload);
            var key = json.RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString()!;
            Slot(key).TrySetResult(now);
            return Task.FromResult<string?>(null);
        });

        var config = new PlatformConfig
        {
            Buckets = ["bench"],
            S3Triggers =
            [
                new S3TriggerDeclaration { Function = "touch", Bucket = "bench", Id = ConfigLoader.S3TriggerIdPrefix + "bench", Events = ["s3:ObjectCreated:*"] },
            ],
        };
        // `up` knows the function (triggers, timeouts); with RabbitMQ only the worker runs it.
        await using var app = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(config),
            Port = 0,
            InMemory = true,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            Dispatch = dispatch,
        }, Register);
        await using var worker = dispatch.RabbitMq is { } broker
            ? await WorkerApp.StartAsync(new WorkerSettings
            {
                Config = PlatformConfigSource.FromConfig(config),
                Broker = broker,
                PlatformUrl = app.Endpoint.ToString(),
                LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            }, Register)
            : null;

        using var http = new HttpClient { BaseAddress = app.Endpoint };
        async Task<double> Upload(string key)
        {
            var sent = Stopwatch.GetTimestamp();
            using (var response = await http.PutAsync($"/bench/{key}", new ByteArrayContent("x"u8.ToArray())))
                response.EnsureSuccessStatusCode();
            var invoked = await Slot(key).Task.WaitAsync(TimeSpan.FromSeconds(60));
            return Stopwatch.GetElapsedTime(sent, invoked).TotalMilliseconds;
        }

        // Warm-up: JIT, connection pools, the broker's queues.
        for (var i = 0; i < 200; i++)
            await Upload($"warm-{i}");

        var sequential = new List<double>();
        for (var i = 0; i < uploads; i++)
            sequential.Add(await Upload($"seq-{i}"));

        var (concurrent, perSecond) = await Load.ConcurrentlyAsync(uploads, concurrency, i => Upload($"par-{i}"));
        return new Figures(new Stats(sequential), new Stats(concurrent), concurrency, perSecond);
    }

    private sealed record Figures(Stats Sequential, Stats Concurrent, int Concurrency, double Throughput);

    private sealed record Stats(IReadOnlyList<double> Samples)
    {
        public double P50 => At(0.50);
        public double P99 => At(0.99);
        public string Text => Report.Percentiles(Samples);

        private double At(double q)
        {
            var sorted = Samples.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
        }
    }
}
