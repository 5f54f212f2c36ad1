using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Platform.Contracts.Functions;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Runtime;

namespace Platform.Bench;

/// <summary>
/// Upload → invocation, embedded: a plain HTTP PUT to the S3 API, and a function registered in code
/// that notes when it was entered. Measures the whole trigger path: S3 commit + journal, storage
/// poller wake-up, durable async queue, async poller wake-up, MassTransit request to the runtime.
/// </summary>
internal static class S3TriggerBenchmark
{
    public static async Task RunAsync(int uploads, int concurrency)
    {
        var entered = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        TaskCompletionSource<long> Slot(string key) =>
            entered.GetOrAdd(key, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

        await using var app = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(new PlatformConfig
            {
                Buckets = ["bench"],
                S3Triggers =
                [
                    new S3TriggerDeclaration { Function = "touch", Bucket = "bench", Id = ConfigLoader.S3TriggerIdPrefix + "bench", Events = ["s3:ObjectCreated:*"] },
                ],
            }),
            Port = 0,
            InMemory = true,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        }, services => services.AddFunction(new FunctionDefinition { Name = "touch", Concurrency = Math.Max(concurrency, 4) }, (payload, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(payload);
            var key = json.RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString()!;
            Slot(key).TrySetResult(now);
            return Task.FromResult<string?>(null);
        }));

        using var http = new HttpClient { BaseAddress = app.Endpoint };
        async Task<(double SentToInvoked, double AckedToInvoked)> Upload(string key)
        {
            var sent = Stopwatch.GetTimestamp();
            using (var response = await http.PutAsync($"/bench/{key}", new ByteArrayContent("x"u8.ToArray())))
                response.EnsureSuccessStatusCode();
            var acked = Stopwatch.GetTimestamp();
            var invoked = await Slot(key).Task.WaitAsync(TimeSpan.FromSeconds(30));
            return (Stopwatch.GetElapsedTime(sent, invoked).TotalMilliseconds, (invoked - acked) * 1000.0 / Stopwatch.Frequency);
        }

        // Warm-up: JIT and connection pool.
        for (var i = 0; i < 200; i++)
            await Upload($"warm-{i}");

        var sequential = new List<(double, double)>();
        for (var i = 0; i < uploads; i++)
            sequential.Add(await Upload($"seq-{i}"));
        Report.Line("s3-trigger", $"one at a time, PUT sent → function entered: {Report.Percentiles(sequential.Select(s => s.Item1).ToList())} ms");
        Report.Line("s3-trigger", $"one at a time, PUT acknowledged → function entered: {Report.Percentiles(sequential.Select(s => s.Item2).ToList())} ms");

        var (concurrent, perSecond) = await Load.ConcurrentlyAsync(uploads, concurrency, async i => (await Upload($"par-{i}")).SentToInvoked);
        Report.Line("s3-trigger", $"{concurrency} uploaders: {perSecond:F0} uploads→invocations/s, " +
                                  $"PUT sent → function entered {Report.Percentiles(concurrent)} ms");
    }
}
