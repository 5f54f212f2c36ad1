using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Runtime;

namespace Platform.Bench;

/// <summary>
/// SNS fan-out and Scheduler, embedded, file-backed (a Publish's 200 means its outbox row is durable):
/// Publish acknowledged → message received by a long-polling SQS receiver (raw delivery) and →
/// function entered (lambda subscription, function registered in code); query-protocol Publish
/// throughput to a topic with 1 and with 10 SQS subscriptions, with the time until every copy is in
/// its queue; and how late one-time Scheduler <c>at()</c> schedules reach their function.
/// No SNS peer is measured: moto and LocalStack are not installable here.
/// </summary>
internal static class SnsBenchmark
{
    private const string Account = "000000000000";
    private static string QueueArn(string name) => $"arn:aws:sqs:us-east-1:{Account}:{name}";
    private static string TopicArn(string name) => $"arn:aws:sns:us-east-1:{Account}:{name}";
    private static string FunctionArn(string name) => $"arn:aws:lambda:us-east-1:{Account}:function:{name}";

    // SNS shares the query protocol's form POST with SQS; the SigV4 credential scope tells them apart.
    // Signatures are checked only with --auth sigv4, so a fixed header of the SDKs' shape will do.
    private const string Authorization =
        "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0";

    public static async Task RunAsync(int publishes, TimeSpan throughputRound, int schedules)
    {
        var entered = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        TaskCompletionSource<long> Slot(string key) =>
            entered.GetOrAdd(key, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        var fired = new ConcurrentBag<double>();
        var allFired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var tenQueues = Enumerable.Range(0, 10).Select(i => $"ten-{i}").ToArray();
        var queues = new[] { "latency", "one-0" }.Concat(tenQueues);
        SubscriptionDeclaration Sqs(string topic, string queue, bool raw) =>
            new(topic, "sqs", QueueArn(queue), raw ? new Dictionary<string, string> { ["RawMessageDelivery"] = "true" } : new Dictionary<string, string>(), 0);
        var dataDir = Path.Combine(Path.GetTempPath(), "platform-bench-sns-" + Guid.NewGuid().ToString("N"));
        var app = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(new PlatformConfig
            {
                Queues = [.. queues.Select(q => new QueueDeclaration(q, new Dictionary<string, string>()))],
                Topics =
                [
                    new TopicDeclaration("to-queue", false, false, [Sqs("to-queue", "latency", raw: true)], 0),
                    new TopicDeclaration("to-function", false, false, [], 0),
                    new TopicDeclaration("none", false, false, [], 0),
                    new TopicDeclaration("one", false, false, [Sqs("one", "one-0", raw: false)], 0),
                    new TopicDeclaration("ten", false, false, [.. tenQueues.Select(q => Sqs("ten", q, raw: false))], 0),
                ],
                SnsTriggers = [new SubscriptionDeclaration("to-function", "lambda", FunctionArn("touch"), new Dictionary<string, string>(), 0)],
            }),
            Port = 0,
            InMemory = false,
            DataDir = dataDir,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        }, services => services
            .AddFunction(new FunctionDefinition { Name = "touch", Concurrency = 8 }, (payload, _) =>
            {
                var now = Stopwatch.GetTimestamp();
                using var json = JsonDocument.Parse(payload);
                foreach (var record in json.RootElement.GetProperty("Records").EnumerateArray())
                    Slot(record.GetProperty("Sns").GetProperty("Message").GetString()!).TrySetResult(now);
                return Task.FromResult<string?>(null);
            })
            .AddFunction(new FunctionDefinition { Name = "clock", Concurrency = 8 }, (payload, _) =>
            {
                // The schedule's Input is the function's event: {"due": unix ms}.
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                using var json = JsonDocument.Parse(payload);
                fired.Add(now - json.RootElement.GetProperty("due").GetInt64());
                if (fired.Count == schedules)
                    allFired.TrySetResult();
                return Task.FromResult<string?>(null);
            }));

        try
        {
            var engine = app.Services.GetRequiredService<QueueEngine>();
            await PublishLatencyAsync(app, engine, Slot, publishes);
            await ThroughputAsync(app, engine, throughputRound);
            await ScheduleAccuracyAsync(app, schedules, fired, allFired.Task);
        }
        finally
        {
            await app.DisposeAsync(); // before deleting its database
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task PublishLatencyAsync(PlatformApp app, QueueEngine engine, Func<string, TaskCompletionSource<long>> slot, int publishes)
    {
        // A long-polling receiver on the raw-delivery queue, as an SQS consumer would be (the engine's
        // receive, without HTTP: what is measured is when the message became receivable).
        using var stop = new CancellationTokenSource();
        var receiver = Task.Run(async () =>
        {
            var request = new ReceiveRequest { MaxNumberOfMessages = 10, WaitTime = TimeSpan.FromSeconds(20), VisibilityTimeout = TimeSpan.FromHours(12) };
            while (!stop.IsCancellationRequested)
            {
                IReadOnlyList<ReceivedMessage> messages;
                try
                {
                    messages = await engine.ReceiveMessagesAsync("latency", request, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var now = Stopwatch.GetTimestamp();
                foreach (var message in messages)
                    slot("q:" + message.Body).TrySetResult(now);
            }
        });

        using var http = new HttpClient { BaseAddress = app.Endpoint };
        // Sent → delivered and acknowledged → delivered: the fan-out starts at the outbox commit,
        // before the 200 reaches the client, so a delivery may precede the acknowledgement (negative).
        async Task<(double Sent, double Acked)> Publish(string topic, string key, string slotKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Action"] = "Publish", ["Version"] = "2010-03-31", ["TopicArn"] = TopicArn(topic), ["Message"] = key,
                }),
            };
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
            var sent = Stopwatch.GetTimestamp();
            using (var response = await http.SendAsync(request))
                response.EnsureSuccessStatusCode();
            var acked = Stopwatch.GetTimestamp();
            var delivered = await slot(slotKey).Task.WaitAsync(TimeSpan.FromSeconds(30));
            return ((delivered - sent) * 1000.0 / Stopwatch.Frequency, (delivered - acked) * 1000.0 / Stopwatch.Frequency);
        }

        async Task Run(string topic, string prefix, string what)
        {
            var samples = new List<(double Sent, double Acked)>();
            for (var i = 0; i < publishes; i++)
                samples.Add(await Publish(topic, $"seq-{i}", $"{prefix}seq-{i}"));
            Report.Line("sns", $"one at a time, Publish sent → {what}: {Report.Percentiles([.. samples.Select(s => s.Sent)])} ms");
            Report.Line("sns", $"one at a time, Publish acknowledged → {what}: {Report.Percentiles([.. samples.Select(s => s.Acked)])} ms " +
                               $"({samples.Count(s => s.Acked < 0)} of {publishes} delivered before the 200 was read)");
        }

        // Warm-up: JIT, connection pool, the fan-out poller's first pass.
        for (var i = 0; i < 200; i++)
        {
            await Publish("to-queue", $"warm-{i}", $"q:warm-{i}");
            await Publish("to-function", $"warm-{i}", $"warm-{i}");
        }

        await Run("to-queue", "q:", "received from the SQS subscription's queue (long poll, raw delivery)");
        await Run("to-function", "", "lambda subscription's function entered");

        await stop.CancelAsync();
        await receiver;
    }

    /// <summary>Publish back to back on 8 keep-alive connections (query protocol, as the SDKs send
    /// it, a 50-byte message; 64 as well without and with one subscription), then waits until every copy is in its queue: a 200 means durable in
    /// the outbox, the fan-out to queues follows asynchronously.</summary>
    private static async Task ThroughputAsync(PlatformApp app, QueueEngine engine, TimeSpan round)
    {
        var port = app.Endpoint.Port;
        const string message = "{\"orderId\":12345,\"customer\":\"bench\",\"items\":[1,2,3]}";
        byte[] PublishTo(string topic) => SqsThroughputBenchmark.Request(port, "application/x-www-form-urlencoded", null,
            $"Action=Publish&Version=2010-03-31&TopicArn={Uri.EscapeDataString(TopicArn(topic))}&Message={Uri.EscapeDataString(message)}",
            $"Authorization: {Authorization}\r\nX-Amz-Date: 20260101T000000Z\r\n");

        long Queued(IEnumerable<string> names) => names.Sum(q =>
            long.Parse(engine.GetQueueAttributes(q, ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture));

        async Task Measure(string topic, string[] subscribedQueues, int connections, bool print)
        {
            var before = Queued(subscribedQueues);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var (requests, elapsed, latencies, _) = await SqsThroughputBenchmark.MeasureAsync(port, PublishTo(topic), connections, round);
            var drain = Stopwatch.StartNew();
            var expected = before + (long)requests * subscribedQueues.Length;
            while (Queued(subscribedQueues) < expected && drain.Elapsed < TimeSpan.FromMinutes(2))
                await Task.Delay(10);
            drain.Stop();
            // CPU of the whole process (server, fan-out and this client) until the last copy was queued.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var delivered = Queued(subscribedQueues) - before;
            if (!print)
                return;
            var total = elapsed + drain.Elapsed;
            var cpuMicros = cpu.TotalMicroseconds / requests;
            Report.Line("sns", $"Publish (query) to {subscribedQueues.Length,2} SQS subscription(s), {connections,2} connections: " +
                               $"{requests / elapsed.TotalSeconds,6:N0} publishes/s acknowledged, latency ms {Report.Percentiles(latencies)}; " +
                               $"all {delivered:N0} copies queued {drain.Elapsed.TotalSeconds:F2} s after the last 200 " +
                               $"({requests / total.TotalSeconds:N0} publishes/s delivered); CPU {cpuMicros:F0} µs/publish with its fan-out " +
                               $"= {Environment.ProcessorCount * 1_000_000 / cpuMicros:N0} publishes/s on {Environment.ProcessorCount} idle cores");
        }

        // The same publishes without HTTP, straight into the engine (no subscription): separates the
        // wire layer's cost from the durable outbox write's, as `bench sqs` does for SendMessage.
        var topics = app.Services.GetRequiredService<Platform.Emulators.Topics.Engine.TopicEngine>();
        var engineCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var engineClock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(round.TotalSeconds * Stopwatch.Frequency);
        var engineCounts = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            var published = 0;
            for (; Stopwatch.GetTimestamp() < deadline; published++)
                await topics.PublishAsync(TopicArn("none"), new Platform.Emulators.Topics.Engine.PublishRequest { Message = message }, CancellationToken.None);
            return published;
        })));
        var enginePublishes = engineCounts.Sum();
        Report.Line("sns", $"engine only (no HTTP), no subscription, 64 publishers: {enginePublishes / engineClock.Elapsed.TotalSeconds:N0} publishes/s; " +
                           $"CPU {(Process.GetCurrentProcess().TotalProcessorTime - engineCpu).TotalMicroseconds / enginePublishes:F1} µs/publish");

        string[] one = ["one-0"];
        string[] ten = [.. Enumerable.Range(0, 10).Select(i => $"ten-{i}")];
        await Measure("one", one, 8, print: false); // warm-up
        // No subscription: what the Publish itself costs (outbox commit, HTTP), apart from the fan-out.
        await Measure("none", [], 8, print: true);
        await Measure("one", one, 8, print: true);
        await Measure("ten", ten, 8, print: true);
        // More connections, bigger group commits: how far the wall-clock rate is commit-bound.
        await Measure("none", [], 64, print: true);
        await Measure("one", one, 64, print: true);
    }

    /// <summary>One-time <c>at()</c> schedules (Scheduler's resolution is a whole second), two due
    /// each second from 2 s ahead, targeting an in-process function: lateness = entered − due.</summary>
    private static async Task ScheduleAccuracyAsync(PlatformApp app, int count, ConcurrentBag<double> lateness, Task allFired)
    {
        var events = app.Services.GetRequiredService<EventEngine>();
        var first = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2);
        for (var i = 0; i < count; i++)
        {
            var due = first.AddSeconds(i / 2);
            var body = JsonSerializer.SerializeToElement(new Dictionary<string, object>
            {
                ["ScheduleExpression"] = $"at({due.UtcDateTime:yyyy-MM-ddTHH:mm:ss})",
                ["FlexibleTimeWindow"] = new Dictionary<string, string> { ["Mode"] = "OFF" },
                ["ActionAfterCompletion"] = "DELETE",
                ["Target"] = new Dictionary<string, string>
                {
                    ["Arn"] = FunctionArn("clock"),
                    ["RoleArn"] = $"arn:aws:iam::{Account}:role/scheduler",
                    ["Input"] = $"{{\"due\":{due.ToUnixTimeMilliseconds()}}}",
                },
            });
            await events.CreateScheduleAsync($"bench-{i}", null, body, CancellationToken.None);
        }

        await allFired.WaitAsync(TimeSpan.FromSeconds(count / 2 + 30));
        var sorted = lateness.Order().ToArray();
        Report.Line("sns", $"Scheduler at(): {count} one-time schedules over {count / 2} s → function entered, lateness after the due second: " +
                           $"p50 {sorted[sorted.Length / 2]:F0} ms / max {sorted[^1]:F0} ms (min {sorted[0]:F0} ms)");
    }
}
