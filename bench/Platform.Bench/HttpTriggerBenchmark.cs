using System.Diagnostics;
using System.Text;

namespace Platform.Bench;

/// <summary>
/// An HTTP request → function → HTTP response round trip through a function URL and an HTTP API route
/// (platform.yaml's `url:` and `http:` on one Python function), beside a direct Invoke of the same
/// function: warm requests one after another (p50/p99) and requests/s with 8 at once. The difference
/// to Invoke is what the front end adds; target ≤ 1 ms.
/// </summary>
internal static class HttpTriggerBenchmark
{
    public static async Task RunAsync(string hostDll, int requests, int concurrency)
    {
        var folder = Directory.CreateTempSubdirectory("platform-bench-http-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "api"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "api", "app.py"),
                "def handler(event, context):\n    return {\"statusCode\": 200, \"body\": \"ok\"}\n");
            var config = Path.Combine(folder.FullName, "platform.yaml");
            await File.WriteAllTextAsync(config, """
                functions:
                  api:
                    runtime: python3.12
                    handler: app.handler
                    code: api
                    concurrency: 16
                    url: { authType: NONE }
                    triggers:
                      - http: { path: "/{proxy+}" }
                """);
            var port = Ports.Free();
            await using var platform = await BenchServer.StartAsync("dotnet",
                [hostDll, "up", "--in-memory", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--config", config, "--log-level", "Warning"],
                port, "/_platform/health");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var url = await http.GetStringAsync("/2021-10-31/functions/api/url");
            var urlId = new Uri(System.Text.Json.JsonDocument.Parse(url).RootElement.GetProperty("FunctionUrl").GetString()!).Host.Split('.')[0];

            (string Name, Func<HttpRequestMessage> Request)[] paths =
            [
                ("direct Invoke", () => new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/api/invocations")
                    { Content = new StringContent("""{"n":1}""", Encoding.UTF8, "application/json") }),
                ("function URL", () => new HttpRequestMessage(HttpMethod.Post, $"/_aws/lambda-url/{urlId}/orders/1")
                    { Content = new StringContent("""{"n":1}""", Encoding.UTF8, "application/json") }),
                ("HTTP API route", () => new HttpRequestMessage(HttpMethod.Post, "/_aws/execute-api/yamlroutes/$default/orders/1")
                    { Content = new StringContent("""{"n":1}""", Encoding.UTF8, "application/json") }),
            ];
            foreach (var (name, request) in paths)
            {
                var samples = new List<double>(requests);
                for (var i = -50; i < requests; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await SendAsync(http, request());
                    if (i >= 0)
                        samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                var clock = Stopwatch.StartNew();
                var next = 0;
                await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
                {
                    while (Interlocked.Increment(ref next) <= requests)
                        await SendAsync(http, request());
                }));
                var perSecond = requests / clock.Elapsed.TotalSeconds;
                Report.Line("http", $"{name,-15} {requests} sequential requests, ms: {Report.Percentiles(samples)}; {concurrency} at once: {perSecond:0} req/s");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await response.Content.ReadAsByteArrayAsync();
        }
    }
}
