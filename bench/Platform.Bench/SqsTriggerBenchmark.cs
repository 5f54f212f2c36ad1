using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Runtime;
using Platform.Triggers.Mappings;

namespace Platform.Bench;

/// <summary>
/// SendMessage → invocation, embedded: an SQS event source mapping (BatchSize 10, no window) on a
/// function registered in code that notes when it was entered. Messages are sent over HTTP with
/// SQS's JSON protocol, and directly through the queue engine (what the trigger path alone costs:
/// durable send, long-poll wake-up, batch, MassTransit request to the runtime).
/// </summary>
internal static class SqsTriggerBenchmark
{
    private const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:bench";

    public static async Task RunAsync(int messages, int concurrency)
    {
        var entered = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        TaskCompletionSource<long> Slot(string key) =>
            entered.GetOrAdd(key, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

        await using var app = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(new PlatformConfig
            {
                Queues = [new QueueDeclaration("bench", new Dictionary<string, string>())],
                Mappings =
                [
                    new MappingDeclaration(new EventSourceMapping
                    {
                        Uuid = MappingIds.ForDeclaration("touch", QueueArn),
                        FunctionName = "touch",
                        EventSourceArn = QueueArn,
                        Origin = MappingOrigins.Config,
                    }, 0),
                ],
            }),
            Port = 0,
            InMemory = true,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        }, services => services.AddFunction(new FunctionDefinition { Name = "touch", Concurrency = Math.Max(concurrency, 4) }, (payload, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(payload);
            foreach (var record in json.RootElement.GetProperty("Records").EnumerateArray())
                Slot(record.GetProperty("body").GetString()!).TrySetResult(now);
            return Task.FromResult<string?>(null);
        }));

        var queues = app.Services.GetRequiredService<QueueEngine>();
        var url = queues.GetQueueUrl("bench");
        using var http = new HttpClient { BaseAddress = app.Endpoint };

        async Task<double> SendHttp(string key)
        {
            var sent = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["QueueUrl"] = url, ["MessageBody"] = key }),
                    Encoding.UTF8, "application/x-amz-json-1.0"),
            };
            request.Headers.Add("X-Amz-Target", "AmazonSQS.SendMessage");
            using (var response = await http.SendAsync(request))
                response.EnsureSuccessStatusCode();
            var invoked = await Slot(key).Task.WaitAsync(TimeSpan.FromSeconds(30));
            return Stopwatch.GetElapsedTime(sent, invoked).TotalMilliseconds;
        }

        async Task<double> SendEngine(string key)
        {
            var sent = Stopwatch.GetTimestamp();
            await queues.SendMessageAsync("bench", new OutgoingMessage { Body = key });
            var invoked = await Slot(key).Task.WaitAsync(TimeSpan.FromSeconds(30));
            return Stopwatch.GetElapsedTime(sent, invoked).TotalMilliseconds;
        }

        // Warm-up: JIT and connection pool.
        for (var i = 0; i < 200; i++)
        {
            await SendHttp($"warm-http-{i}");
            await SendEngine($"warm-engine-{i}");
        }

        var engine = new List<double>();
        for (var i = 0; i < messages; i++)
            engine.Add(await SendEngine($"engine-{i}"));
        Report.Line("sqs-trigger", $"one at a time, engine send → function entered: {Report.Percentiles(engine)} ms");

        var sequential = new List<double>();
        for (var i = 0; i < messages; i++)
            sequential.Add(await SendHttp($"seq-{i}"));
        Report.Line("sqs-trigger", $"one at a time, HTTP SendMessage sent → function entered: {Report.Percentiles(sequential)} ms");

        var (concurrent, perSecond) = await Load.ConcurrentlyAsync(messages, concurrency, i => SendHttp($"par-{i}"));
        Report.Line("sqs-trigger", $"{concurrency} senders: {perSecond:F0} messages→invocations/s, " +
                                   $"SendMessage sent → function entered {Report.Percentiles(concurrent)} ms");
    }
}
