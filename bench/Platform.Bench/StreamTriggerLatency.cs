using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Runtime;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;

namespace Platform.Bench;

/// <summary>
/// What the stream trigger scenarios (Kinesis, DynamoDB) share: an embedded platform with a function
/// registered in code that notes when each put's id entered it, a mapping made through the source's
/// own factory, and puts over plain HTTP timed from sent and from acknowledged — one at a time, then
/// concurrently.
/// </summary>
internal sealed class StreamTriggerLatency
{
    public required string Scenario { get; init; }
    public required string Operation { get; init; }
    public required EventSourceKind Kind { get; init; }
    public required int FunctionConcurrency { get; init; }

    /// <summary>The id a record of the function's event carries.</summary>
    public required Func<JsonElement, string> IdOf { get; init; }

    /// <summary>Creates the source (stream, table) and returns the mapping to put on it.</summary>
    public required Func<IServiceProvider, Task<EventSourceMapping>> Source { get; init; }

    /// <summary>The HTTP request that puts the record with this id.</summary>
    public required Func<string, HttpRequestMessage> Put { get; init; }

    public async Task RunAsync(int count, int concurrency, string concurrentLabel)
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
        }, services => services.AddFunction(new FunctionDefinition { Name = "touch", Concurrency = FunctionConcurrency }, (payload, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(payload);
            foreach (var record in json.RootElement.GetProperty("Records").EnumerateArray())
                Slot(IdOf(record)).TrySetResult(now);
            return Task.FromResult<string?>(null);
        }));

        var mapping = await Source(app.Services);
        var factory = app.Services.GetServices<ISourceWorkerFactory>().Single(f => f.Kind == Kind);
        await app.Services.GetRequiredService<EventSourceMappingStore>().PutAsync(factory.Validate(mapping with
        {
            Uuid = Guid.NewGuid().ToString(),
            FunctionName = "touch",
            StartingPosition = "TRIM_HORIZON",
        }), CancellationToken.None);

        using var http = new HttpClient { BaseAddress = app.Endpoint };
        async Task<(double SentToInvoked, double AckedToInvoked)> Measure(string id)
        {
            using var request = Put(id);
            var sent = Stopwatch.GetTimestamp();
            using (var response = await http.SendAsync(request))
                response.EnsureSuccessStatusCode();
            var acked = Stopwatch.GetTimestamp();
            var invoked = await Slot(id).Task.WaitAsync(TimeSpan.FromSeconds(30));
            return (Stopwatch.GetElapsedTime(sent, invoked).TotalMilliseconds, (invoked - acked) * 1000.0 / Stopwatch.Frequency);
        }

        // Warm-up: JIT, connection pool, the mapping's first look at the source.
        for (var i = 0; i < 200; i++)
            await Measure($"warm-{i}");

        var sequential = new List<(double, double)>();
        for (var i = 0; i < count; i++)
            sequential.Add(await Measure($"seq-{i}"));
        Report.Line(Scenario, $"one at a time, {Operation} sent → function entered: {Report.Percentiles(sequential.Select(s => s.Item1).ToList())} ms");
        Report.Line(Scenario, $"one at a time, {Operation} acknowledged → function entered: {Report.Percentiles(sequential.Select(s => s.Item2).ToList())} ms");

        var (concurrent, perSecond) = await Load.ConcurrentlyAsync(count, concurrency, async i => (await Measure($"par-{i}")).SentToInvoked);
        Report.Line(Scenario, $"{concurrentLabel}: {perSecond:F0} puts→invocations/s, {Operation} sent → function entered {Report.Percentiles(concurrent)} ms");
    }
}
