using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Streams.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Runtime;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;

namespace Platform.Bench;

/// <summary>
/// PutRecord → invocation, embedded: a plain HTTP PutRecord to the Kinesis API and a function
/// registered in code that notes when it was entered. Measures the stream trigger path: the
/// stream engine's commit, the shard reader's wake-up on the stream's change signal (no poll
/// interval), the batch, the MassTransit request to the runtime.
/// </summary>
internal static class KinesisTriggerBenchmark
{
    public static async Task RunAsync(int records, int concurrency, int shards)
    {
        var entered = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        TaskCompletionSource<long> Slot(string id) =>
            entered.GetOrAdd(id, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

        await using var app = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(new PlatformConfig()),
            Port = 0,
            InMemory = true,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        }, services => services.AddFunction(new FunctionDefinition { Name = "touch", Concurrency = Math.Max(shards, 4) }, (payload, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(payload);
            foreach (var record in json.RootElement.GetProperty("Records").EnumerateArray())
                Slot(Encoding.UTF8.GetString(record.GetProperty("kinesis").GetProperty("data").GetBytesFromBase64())).TrySetResult(now);
            return Task.FromResult<string?>(null);
        }));

        var streams = app.Services.GetRequiredService<StreamEngine>();
        await streams.CreateStreamAsync("bench", shards);
        var factories = app.Services.GetServices<ISourceWorkerFactory>();
        var mapping = factories.Single(f => f.Kind == EventSourceKind.Kinesis).Validate(new EventSourceMapping
        {
            Uuid = Guid.NewGuid().ToString(),
            FunctionName = "touch",
            EventSourceArn = "arn:aws:kinesis:us-east-1:000000000000:stream/bench",
            StartingPosition = "TRIM_HORIZON",
        });
        await app.Services.GetRequiredService<EventSourceMappingStore>().PutAsync(mapping, CancellationToken.None);

        using var http = new HttpClient { BaseAddress = app.Endpoint };
        async Task<(double SentToInvoked, double AckedToInvoked)> Put(string id)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent(
                    $$"""{"StreamName":"bench","PartitionKey":"{{id}}","Data":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(id))}}"}""",
                    Encoding.UTF8, "application/x-amz-json-1.1"),
            };
            request.Headers.Add("X-Amz-Target", "Kinesis_20131202.PutRecord");
            var sent = Stopwatch.GetTimestamp();
            using (var response = await http.SendAsync(request))
                response.EnsureSuccessStatusCode();
            var acked = Stopwatch.GetTimestamp();
            var invoked = await Slot(id).Task.WaitAsync(TimeSpan.FromSeconds(30));
            return (Stopwatch.GetElapsedTime(sent, invoked).TotalMilliseconds, (invoked - acked) * 1000.0 / Stopwatch.Frequency);
        }

        // Warm-up: JIT, connection pool, the mapping's first look at the stream.
        for (var i = 0; i < 200; i++)
            await Put($"warm-{i}");

        var sequential = new List<(double, double)>();
        for (var i = 0; i < records; i++)
            sequential.Add(await Put($"seq-{i}"));
        Report.Line("kinesis-trigger", $"one at a time, PutRecord sent → function entered: {Report.Percentiles(sequential.Select(s => s.Item1).ToList())} ms");
        Report.Line("kinesis-trigger", $"one at a time, PutRecord acknowledged → function entered: {Report.Percentiles(sequential.Select(s => s.Item2).ToList())} ms");

        var (concurrent, perSecond) = await Load.ConcurrentlyAsync(records, concurrency, async i => (await Put($"par-{i}")).SentToInvoked);
        Report.Line("kinesis-trigger", $"{concurrency} putters over {shards} shards: {perSecond:F0} puts→invocations/s, " +
                                       $"PutRecord sent → function entered {Report.Percentiles(concurrent)} ms");
    }
}
