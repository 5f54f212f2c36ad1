using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Tables.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Runtime;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;

namespace Platform.Bench;

/// <summary>
/// PutItem → invocation, embedded: a plain HTTP PutItem to the DynamoDB API and a function registered
/// in code that notes when it was entered. Measures the table trigger path: the item and its stream
/// record in one commit, the shard reader's wake-up on the stream's change signal (no poll interval),
/// the batch, the MassTransit request to the runtime.
/// </summary>
internal static class DynamoDbTriggerBenchmark
{
    public static async Task RunAsync(int items, int concurrency, int parallelization)
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
        }, services => services.AddFunction(new FunctionDefinition { Name = "touch", Concurrency = Math.Max(parallelization, 4) }, (payload, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(payload);
            foreach (var record in json.RootElement.GetProperty("Records").EnumerateArray())
                Slot(record.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()!).TrySetResult(now);
            return Task.FromResult<string?>(null);
        }));

        var tables = app.Services.GetRequiredService<TableEngine>();
        var table = await tables.CreateTableAsync(new TableDefinition
        {
            Name = "bench", AttributeDefinitions = [new AttributeDefinition("pk", "S")], HashKey = "pk",
            BillingMode = "PAY_PER_REQUEST", StreamEnabled = true, StreamViewType = "NEW_IMAGE",
        });
        var factories = app.Services.GetServices<ISourceWorkerFactory>();
        var mapping = factories.Single(f => f.Kind == EventSourceKind.DynamoDb).Validate(new EventSourceMapping
        {
            Uuid = Guid.NewGuid().ToString(),
            FunctionName = "touch",
            EventSourceArn = table.Stream!.Arn,
            StartingPosition = "TRIM_HORIZON",
            ParallelizationFactor = parallelization,
        });
        await app.Services.GetRequiredService<EventSourceMappingStore>().PutAsync(mapping, CancellationToken.None);

        using var http = new HttpClient { BaseAddress = app.Endpoint };
        async Task<(double SentToInvoked, double AckedToInvoked)> Put(string id)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent("{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"" + id + "\"},\"v\":{\"N\":\"1\"}}}",
                    Encoding.UTF8, "application/x-amz-json-1.0"),
            };
            request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.PutItem");
            var sent = Stopwatch.GetTimestamp();
            using (var response = await http.SendAsync(request))
                response.EnsureSuccessStatusCode();
            var acked = Stopwatch.GetTimestamp();
            var invoked = await Slot(id).Task.WaitAsync(TimeSpan.FromSeconds(30));
            return (Stopwatch.GetElapsedTime(sent, invoked).TotalMilliseconds, (invoked - acked) * 1000.0 / Stopwatch.Frequency);
        }

        for (var i = 0; i < 200; i++)
            await Put($"warm-{i}");

        var sequential = new List<(double, double)>();
        for (var i = 0; i < items; i++)
            sequential.Add(await Put($"seq-{i}"));
        Report.Line("dynamodb-trigger", $"one at a time, PutItem sent → function entered: {Report.Percentiles(sequential.Select(s => s.Item1).ToList())} ms");
        Report.Line("dynamodb-trigger", $"one at a time, PutItem acknowledged → function entered: {Report.Percentiles(sequential.Select(s => s.Item2).ToList())} ms");

        var (concurrent, perSecond) = await Load.ConcurrentlyAsync(items, concurrency, async i => (await Put($"par-{i}")).SentToInvoked);
        Report.Line("dynamodb-trigger", $"{concurrency} putters, ParallelizationFactor {parallelization}: {perSecond:F0} puts→invocations/s, " +
                                        $"PutItem sent → function entered {Report.Percentiles(concurrent)} ms");
    }
}
