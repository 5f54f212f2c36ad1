using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Platform.Bench;

/// <summary>
/// DynamoDB over HTTP, side by side in one run: PutItem, GetItem and Query against the platform
/// (`platform up --in-memory`, its own process) and against dynalite (npm, bench/peers, in memory),
/// the same client, requests and concurrency, one server after the other so they never share the CPU.
/// </summary>
internal static class DynamoDbThroughputBenchmark
{
    private const string Scenario = "dynamodb";
    private const int Partitions = 100;

    public static async Task RunAsync(string root, string hostDll, int puts, int gets, int queries, int concurrency)
    {
        var config = Path.Combine(Path.GetTempPath(), "platform-bench-dynamodb.yaml");
        await File.WriteAllTextAsync(config, "region: us-east-1\n");
        var platformPort = Ports.Free();
        await using (var platform = await BenchServer.StartAsync("dotnet",
                         [hostDll, "up", "--in-memory", "--port", platformPort.ToString(CultureInfo.InvariantCulture), "--config", config, "--log-level", "Warning"],
                         platformPort, "/_platform/health"))
            await MeasureAsync("platform", platformPort, puts, gets, queries, concurrency);

        var dynalite = Path.Combine(root, "bench", "peers", "node_modules", "dynalite", "cli.js");
        if (!File.Exists(dynalite))
        {
            Report.Line(Scenario, "dynalite: not installed (cd bench/peers && npm ci) — peer skipped");
            return;
        }

        var peerPort = Ports.Free();
        await using (var peer = await BenchServer.StartAsync("node",
                         [dynalite, "--port", peerPort.ToString(CultureInfo.InvariantCulture), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"],
                         peerPort, null))
            await MeasureAsync("dynalite", peerPort, puts, gets, queries, concurrency);
    }

    private static async Task MeasureAsync(string label, int port, int puts, int gets, int queries, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        var table = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await CallAsync(http, "CreateTable", $$"""
            {"TableName":"{{table}}","BillingMode":"PAY_PER_REQUEST",
             "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],
             "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}
            """);
        await WaitActiveAsync(http, table);

        var data = new string('x', 100);
        string Key(int i) => "\"pk\":{\"S\":\"p" + (i % Partitions).ToString(CultureInfo.InvariantCulture) + "\"},\"sk\":{\"N\":\"" + i.ToString(CultureInfo.InvariantCulture) + "\"}";
        string Put(int i) => "{\"TableName\":\"" + table + "\",\"Item\":{" + Key(i) + ",\"data\":{\"S\":\"" + data + "\"},\"n\":{\"N\":\"" + i.ToString(CultureInfo.InvariantCulture) + "\"}}}";
        string Get(int i) => "{\"TableName\":\"" + table + "\",\"Key\":{" + Key(i % puts) + "}}";
        string Query(int i) => "{\"TableName\":\"" + table + "\",\"Limit\":10,\"KeyConditionExpression\":\"pk = :p AND sk > :s\"," +
                               "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p" + (i % Partitions).ToString(CultureInfo.InvariantCulture) + "\"},\":s\":{\"N\":\"" + (i % 1000).ToString(CultureInfo.InvariantCulture) + "\"}}}";

        for (var i = 0; i < 500; i++)
            await CallAsync(http, "GetItem", Get(i));

        await PhaseAsync(label, "PutItem", puts, concurrency, i => CallAsync(http, "PutItem", Put(i)));
        await PhaseAsync(label, "GetItem", gets, concurrency, i => CallAsync(http, "GetItem", Get(i)));
        await PhaseAsync(label, "Query(Limit 10)", queries, concurrency, i => CallAsync(http, "Query", Query(i)));
    }

    private static async Task PhaseAsync(string label, string operation, int count, int concurrency, Func<int, Task> call)
    {
        var (latencies, rate) = await Load.ConcurrentlyAsync(count, concurrency, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        Report.Line(Scenario, $"{label}: {operation} x{count}, {concurrency} clients: {rate:F0}/s, latency {Report.Percentiles(latencies)} ms");
    }

    private static async Task WaitActiveAsync(HttpClient http, string table)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var description = await CallAsync(http, "DescribeTable", $$"""{"TableName":"{{table}}"}""");
            if (description.Contains("\"ACTIVE\"", StringComparison.Ordinal))
                return;
            await Task.Delay(50);
        }

        throw new InvalidOperationException($"table {table} did not become ACTIVE");
    }

    /// <summary>A JSON 1.0 call with a SigV4-shaped Authorization header: neither server checks the
    /// signature, but dynalite refuses a request without one.</summary>
    private static async Task<string> CallAsync(HttpClient http, string operation, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "DynamoDB_20120810." + operation);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000");
        request.Content = new StringContent(json);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.0");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{operation} failed: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        return body;
    }
}
