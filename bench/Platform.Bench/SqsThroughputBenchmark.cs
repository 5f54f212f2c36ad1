using System.Diagnostics;
using System.Text;
using Platform.Host.Composition;
using Platform.Host.Configuration;

namespace Platform.Bench;

/// <summary>
/// SQS send throughput over HTTP, embedded: N keep-alive connections each sending back to back
/// (one request in flight per connection) for a fixed time. Query-protocol SendMessage (the aws
/// CLI's and boto3's wire format), JSON-protocol SendMessage (newer SDKs') and SendMessageBatch of 10.
/// Every send is durable (SQLite, group-committed) before its 200.
/// </summary>
internal static class SqsThroughputBenchmark
{
    public static async Task RunAsync(int[] connectionCounts, TimeSpan duration)
    {
        await using var app = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(new PlatformConfig { Queues = [new QueueDeclaration("bench", new Dictionary<string, string>())] }),
            Port = 0,
            InMemory = false,
            DataDir = Path.Combine(Path.GetTempPath(), "platform-bench-sqs-" + Guid.NewGuid().ToString("N")),
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        });
        var port = app.Endpoint.Port;
        var queueUrl = $"http://127.0.0.1:{port}/000000000000/bench";
        const string body = "{\"orderId\":12345,\"customer\":\"bench\",\"items\":[1,2,3]}";

        var query = Request(port, "application/x-www-form-urlencoded", null,
            $"Action=SendMessage&Version=2012-11-05&QueueUrl={Uri.EscapeDataString(queueUrl)}&MessageBody={Uri.EscapeDataString(body)}");
        var json = Request(port, "application/x-amz-json-1.0", "AmazonSQS.SendMessage",
            $"{{\"QueueUrl\":\"{queueUrl}\",\"MessageBody\":{System.Text.Json.JsonSerializer.Serialize(body)}}}");
        var batchForm = new StringBuilder($"Action=SendMessageBatch&Version=2012-11-05&QueueUrl={Uri.EscapeDataString(queueUrl)}");
        for (var i = 1; i <= 10; i++)
            batchForm.Append($"&SendMessageBatchRequestEntry.{i}.Id=m{i}&SendMessageBatchRequestEntry.{i}.MessageBody={Uri.EscapeDataString(body)}");
        var batch = Request(port, "application/x-www-form-urlencoded", null, batchForm.ToString());

        // Warm-up: JIT, tiered compilation, connection set-up.
        await MeasureAsync(port, query, 8, TimeSpan.FromSeconds(2));
        await MeasureAsync(port, json, 8, TimeSpan.FromSeconds(1));
        await MeasureEngineAsync(app, body, connectionCounts[^1], duration);
        foreach (var connections in connectionCounts)
        {
            Print("SendMessage (query)", connections, 1, await MeasureAsync(port, query, connections, duration));
            Print("SendMessage (json)", connections, 1, await MeasureAsync(port, json, connections, duration));
            Print("SendMessageBatch(10)", connections, 10, await MeasureAsync(port, batch, connections, duration));
        }
    }

    /// <summary>The same sends without HTTP, straight into the engine: separates what the wire
    /// layer costs from what a durable enqueue costs.</summary>
    private static async Task MeasureEngineAsync(PlatformApp app, string body, int concurrency, TimeSpan duration)
    {
        var engine = (Platform.Emulators.Queues.Engine.QueueEngine)app.Services.GetService(typeof(Platform.Emulators.Queues.Engine.QueueEngine))!;
        var message = new Platform.Emulators.Queues.Engine.OutgoingMessage { Body = body };
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var sent = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await engine.SendMessageAsync("bench", message);
                sent++;
            }

            return sent;
        })));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var total = counts.Sum();
        Report.Line("sqs", $"engine only (no HTTP)  {concurrency,3} senders:     {total / clock.Elapsed.TotalSeconds,9:N0} msgs/s; " +
                           $"CPU {cpu.TotalMicroseconds / total:F1} µs/msg");
    }

    /// <summary>A prepared POST to "/"; <paramref name="headers"/> are extra header lines, each ending in CRLF.</summary>
    internal static byte[] Request(int port, string contentType, string? target, string body, string headers = "")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {contentType}\r\n" +
                   (target is null ? "" : $"X-Amz-Target: {target}\r\n") + headers + $"Content-Length: {bytes.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. bytes];
    }

    /// <summary>The request sent back to back on each of <paramref name="connections"/> keep-alive connections for <paramref name="duration"/>.</summary>
    internal static async Task<(int Requests, TimeSpan Elapsed, List<double> LatenciesMs, TimeSpan Cpu)> MeasureAsync(int port, byte[] request,
        int connections, TimeSpan duration)
    {
        var clients = new RawHttpConnection[connections];
        for (var i = 0; i < connections; i++)
            clients[i] = await RawHttpConnection.OpenAsync(port);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perConnection = await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            var latencies = new List<double>(100_000);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var start = Stopwatch.GetTimestamp();
                var status = await client.SendAsync(request);
                if (status != 200)
                    throw new InvalidOperationException($"HTTP {status}");
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return latencies;
        })));
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        foreach (var client in clients)
            client.Dispose();
        var all = perConnection.SelectMany(l => l).ToList();
        return (all.Count, clock.Elapsed, all, cpu);
    }

    private static void Print(string name, int connections, int messagesPerRequest,
        (int Requests, TimeSpan Elapsed, List<double> LatenciesMs, TimeSpan Cpu) result)
    {
        var messages = result.Requests * messagesPerRequest;
        var messagesPerSecond = messages / result.Elapsed.TotalSeconds;
        // CPU per message (server and client together, this process): on a machine shared with other
        // work the wall-clock rate says more about the neighbours than about us; this does not.
        var cpuMicros = result.Cpu.TotalMicroseconds / messages;
        Report.Line("sqs", $"{name,-22} {connections,3} connections: {messagesPerSecond,9:N0} msgs/s " +
                           $"({result.Requests / result.Elapsed.TotalSeconds:N0} req/s), latency ms {Report.Percentiles(result.LatenciesMs)}; " +
                           $"CPU {cpuMicros:F1} µs/msg = {Environment.ProcessorCount * 1_000_000 / cpuMicros:N0} msgs/s on {Environment.ProcessorCount} idle cores");
    }
}
