using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Platform.Bench;

/// <summary>
/// Kinesis writes over HTTP, side by side in one run: PutRecord and PutRecords(500) against the
/// platform (`platform up`, its own process) and against kinesalite (npm, bench/peers), both
/// in memory, the same client, the same requests, the same concurrency. Each server gets a
/// warm-up first; the two are measured one after the other so they never share the CPU.
/// </summary>
internal static class KinesisThroughputBenchmark
{
    private const string Scenario = "kinesis";

    public static async Task RunAsync(string root, string hostDll, int puts, int batches, int concurrency)
    {
        var config = Path.Combine(Path.GetTempPath(), "platform-bench-kinesis.yaml");
        await File.WriteAllTextAsync(config, "region: us-east-1\n");
        var platformPort = Ports.Free();
        await using (var platform = await BenchServer.StartAsync("dotnet",
                         [hostDll, "up", "--in-memory", "--port", platformPort.ToString(), "--config", config, "--log-level", "Warning"],
                         platformPort, "/_platform/health"))
            await MeasureAsync("platform", platformPort, puts, batches, concurrency);

        var kinesalite = Path.Combine(root, "bench", "peers", "node_modules", "kinesalite", "cli.js");
        if (!File.Exists(kinesalite))
        {
            Report.Line(Scenario, "kinesalite: not installed (cd bench/peers && npm ci) — peer skipped");
            return;
        }

        var peerPort = Ports.Free();
        await using (var peer = await BenchServer.StartAsync("node",
                         [kinesalite, "--port", peerPort.ToString(), "--createStreamMs", "0", "--deleteStreamMs", "0", "--updateStreamMs", "0"],
                         peerPort, null))
            await MeasureAsync("kinesalite", peerPort, puts, batches, concurrency);
    }

    private static async Task MeasureAsync(string label, int port, int puts, int batches, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        var stream = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await CallAsync(http, "CreateStream", $$"""{"StreamName":"{{stream}}","ShardCount":4}""");
        await WaitActiveAsync(http, stream);

        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('x', 100)));
        string PutRecord(int i) => $$"""{"StreamName":"{{stream}}","PartitionKey":"key-{{i}}","Data":"{{data}}"}""";
        var batchBody = new StringBuilder($$"""{"StreamName":"{{stream}}","Records":[""");
        for (var i = 0; i < 500; i++)
            batchBody.Append(i == 0 ? "" : ",").Append($$"""{"PartitionKey":"key-{{i}}","Data":"{{data}}"}""");
        var putRecords = batchBody.Append("]}").ToString();

        for (var i = 0; i < 500; i++)
            await CallAsync(http, "PutRecord", PutRecord(i));
        for (var i = 0; i < 5; i++)
            await CallAsync(http, "PutRecords", putRecords);

        var (rate, latencies) = await RunConcurrentAsync(puts, concurrency, i => CallAsync(http, "PutRecord", PutRecord(i)));
        Report.Line(Scenario, $"{label}: PutRecord x{puts}, {concurrency} clients: {rate:F0} records/s, latency {Report.Percentiles(latencies)} ms");
        var (batchRate, batchLatencies) = await RunConcurrentAsync(batches, concurrency, _ => CallAsync(http, "PutRecords", putRecords));
        Report.Line(Scenario, $"{label}: PutRecords(500) x{batches}, {concurrency} clients: {batchRate * 500:F0} records/s " +
                              $"({batchRate:F0} requests/s), latency {Report.Percentiles(batchLatencies)} ms");
    }

    private static async Task<(double PerSecond, List<double> LatenciesMs)> RunConcurrentAsync(int count, int concurrency, Func<int, Task> call)
    {
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await call(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        return (count / clock.Elapsed.TotalSeconds, latencies.ToList());
    }

    private static async Task WaitActiveAsync(HttpClient http, string stream)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var summary = await CallAsync(http, "DescribeStreamSummary", $$"""{"StreamName":"{{stream}}"}""");
            if (summary.Contains("\"ACTIVE\"", StringComparison.Ordinal))
                return;
            await Task.Delay(50);
        }

        throw new InvalidOperationException($"stream {stream} did not become ACTIVE");
    }

    /// <summary>A JSON 1.1 call with a SigV4-shaped Authorization header: neither server checks the
    /// signature, but kinesalite refuses a request without one.</summary>
    private static async Task<string> CallAsync(HttpClient http, string operation, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Kinesis_20131202." + operation);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000");
        request.Content = new StringContent(json);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || body.Contains("\"ErrorCode\"", StringComparison.Ordinal))
            throw new InvalidOperationException($"{operation} failed: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        return body;
    }
}
