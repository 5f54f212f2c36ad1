using System.Diagnostics;
using System.Text;

namespace Platform.Bench;

/// <summary>
/// Resident memory under a steady mixed load: 200 requests a second for a while against `platform up`
/// (empty config, data on disk) — S3 PUT/GET of 1 KB objects and ListObjectsV2, SQS SendMessage and
/// ReceiveMessage — sampled every second. What a developer's laptop carries through a test run.
/// </summary>
internal static class SoakBenchmark
{
    private const string Scenario = "soak";

    public static async Task RunAsync(string hostDll, int requestsPerSecond, TimeSpan duration)
    {
        var config = Path.Combine(Path.GetTempPath(), "platform-bench-soak.yaml");
        await File.WriteAllTextAsync(config, "region: us-east-1\n");
        var data = Directory.CreateTempSubdirectory("platform-bench-soak-");
        var port = Ports.Free();
        await using (var server = await BenchServer.StartAsync("dotnet",
                         [hostDll, "up", "--data-dir", data.FullName, "--port", port.ToString(), "--config", config, "--log-level", "Warning"],
                         port, "/_platform/health"))
        {
            var pid = server.ProcessId;
            var idle = ProcessMemory.ResidentMiB(pid);
            using (var setup = await RawHttpConnection.OpenAsync(port))
            {
                Expect(await setup.SendAsync(Request("PUT", port, "/soak", "")), "CreateBucket");
                Expect(await setup.SendAsync(Query(port, "Action=CreateQueue&QueueName=soak")), "CreateQueue");
            }

            const int connections = 4;
            var interval = TimeSpan.FromSeconds(connections / (double)requestsPerSecond);
            var body = new string('x', 1024);
            var queueUrl = Uri.EscapeDataString($"http://127.0.0.1:{port}/000000000000/soak");
            var samples = new List<double>();
            var sent = 0;
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(duration);
            var load = Enumerable.Range(0, connections).Select(async c =>
            {
                using var connection = await RawHttpConnection.OpenAsync(port);
                using var timer = new PeriodicTimer(interval);
                var i = 0;
                while (await WaitAsync(timer, stop.Token))
                {
                    var n = i++;
                    var key = $"c{c}/object-{n % 5000:D5}";
                    var request = (n % 5) switch
                    {
                        0 => Request("PUT", port, $"/soak/{key}", body),
                        1 => Request("GET", port, $"/soak/c{c}/object-{Math.Max(0, n - 5) % 5000:D5}", ""),
                        2 => Request("GET", port, $"/soak?list-type=2&max-keys=100&prefix=c{c}/", ""),
                        3 => Query(port, $"Action=SendMessage&QueueUrl={queueUrl}&MessageBody=message-{n}"),
                        _ => Query(port, $"Action=ReceiveMessage&QueueUrl={queueUrl}&MaxNumberOfMessages=10"),
                    };
                    var status = await connection.SendAsync(request);
                    if (status is not (200 or 404))
                        throw new InvalidOperationException($"soak request answered {status}");
                    Interlocked.Increment(ref sent);
                }
            }).ToList();
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                samples.Add(ProcessMemory.ResidentMiB(pid));
            }

            await Task.WhenAll(load);
            Report.Line(Scenario, $"platform: {sent / clock.Elapsed.TotalSeconds:F0} req/s mixed for {duration.TotalSeconds:F0} s: resident memory " +
                                  $"idle {idle:F0} MiB, max {samples.Max():F0} MiB, at the end {samples[^1]:F0} MiB");
        }

        data.Delete(recursive: true);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static ReadOnlyMemory<byte> Request(string method, int port, string target, string body) =>
        Encoding.ASCII.GetBytes($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {body.Length}\r\n\r\n{body}");

    private static ReadOnlyMemory<byte> Query(int port, string form) =>
        Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
                                $"Content-Length: {form.Length}\r\n\r\n{form}");

    private static void Expect(int status, string operation)
    {
        if (status != 200)
            throw new InvalidOperationException($"{operation} answered {status}");
    }
}
