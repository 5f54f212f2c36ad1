using System.Diagnostics;
using System.Text;

namespace Platform.Bench;

/// <summary>
/// S3 over HTTP, side by side in one run with s3rver (npm, bench/peers): PUTs of 1 KB objects from 8
/// keep-alive connections in consecutive rounds (each round's rate shows whether PUT slows as the
/// bucket fills), GETs of those objects, and ListObjectsV2 pages of 1,000 keys. Each server runs in
/// its own process with its state on disk, and the two are measured one after the other so they never
/// share the CPU. A raw HTTP client keeps the client's cost out of the figure.
/// </summary>
internal static class S3ThroughputBenchmark
{
    private const string Scenario = "s3";
    private const int BodySize = 1024;

    public static async Task RunAsync(string root, string hostDll, int connections, int rounds, TimeSpan round, int listBucketSize)
    {
        var config = Path.Combine(Path.GetTempPath(), "platform-bench-s3.yaml");
        await File.WriteAllTextAsync(config, "region: us-east-1\n");
        var platformData = Directory.CreateTempSubdirectory("platform-bench-s3-");
        var platformPort = Ports.Free();
        Figures platform;
        await using (var server = await BenchServer.StartAsync("dotnet",
                         [hostDll, "up", "--data-dir", platformData.FullName, "--port", platformPort.ToString(), "--config", config, "--log-level", "Warning"],
                         platformPort, "/_platform/health"))
            platform = await MeasureAsync("platform", server.ProcessId, platformPort, connections, rounds, round, listBucketSize);
        platformData.Delete(recursive: true);

        var s3rver = Path.Combine(root, "bench", "peers", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(s3rver))
        {
            Report.Line(Scenario, "s3rver: not installed (cd bench/peers && npm ci) — peer skipped");
            return;
        }

        var peerData = Directory.CreateTempSubdirectory("s3rver-bench-");
        var peerPort = Ports.Free();
        Figures peer;
        await using (var server = await BenchServer.StartAsync("node",
                         [s3rver, "--directory", peerData.FullName, "--port", peerPort.ToString(), "--address", "127.0.0.1", "--silent"],
                         peerPort, null))
            peer = await MeasureAsync("s3rver", server.ProcessId, peerPort, connections, rounds, round, listBucketSize: 0);
        peerData.Delete(recursive: true);

        Report.Line(Scenario, $"ratio platform/s3rver: PUT {platform.Put / peer.Put:F1}x, GET {platform.Get / peer.Get:F1}x, ListObjectsV2 page " +
                              (double.IsNaN(peer.ListMs) ? "s3rver failed" : $"{peer.ListMs / platform.ListMs:F1}x faster") +
                              $"; server CPU a request: PUT {peer.PutCpuMs / platform.PutCpuMs:F1}x less, GET {peer.GetCpuMs / platform.GetCpuMs:F1}x less");
    }

    private sealed record Figures(double Put, double Get, double ListMs, double PutCpuMs, double GetCpuMs);

    private static async Task<Figures> MeasureAsync(string label, int pid, int port, int connections, int rounds, TimeSpan round, int listBucketSize)
    {
        var bucket = "bench-" + Guid.NewGuid().ToString("N")[..8];
        using (var create = await RawHttpConnection.OpenAsync(port))
            Expect(await create.SendAsync(Request("PUT", port, $"/{bucket}", 0)), 200, "CreateBucket");

        var body = new byte[BodySize];
        Random.Shared.NextBytes(body);
        var pool = new List<RawHttpConnection>();
        for (var i = 0; i < connections; i++)
            pool.Add(await RawHttpConnection.OpenAsync(port));
        try
        {
            var next = -1;
            var rates = new List<double>();
            var putCpu = ProcessMemory.CpuMs(pid);
            for (var r = 0; r < rounds; r++)
            {
                var (count, elapsed) = await UntilAsync(pool, round, async connection =>
                {
                    var i = Interlocked.Increment(ref next);
                    Expect(await connection.SendAsync(Put(port, bucket, Key(i), body)), 200, "PutObject");
                });
                rates.Add(count / elapsed.TotalSeconds);
            }

            var stored = next + 1;
            var putCpuMs = (ProcessMemory.CpuMs(pid) - putCpu) / stored;
            Report.Line(Scenario, $"{label}: PUT 1 KB, {connections} connections, {rounds} rounds of {round.TotalSeconds:F0} s: " +
                                  $"{string.Join(" → ", rates.Select(x => x.ToString("F0")))} /s ({stored:N0} objects); " +
                                  $"server CPU {putCpuMs * 1000:F0} µs a PUT");

            var getCpu = ProcessMemory.CpuMs(pid);
            var (gets, getElapsed) = await UntilAsync(pool, round, async connection =>
                Expect(await connection.SendAsync(Request("GET", port, $"/{bucket}/{Key(Random.Shared.Next(stored))}", 0)), 200, "GetObject"));
            var getRate = gets / getElapsed.TotalSeconds;
            var getCpuMs = (ProcessMemory.CpuMs(pid) - getCpu) / gets;
            Report.Line(Scenario, $"{label}: GET 1 KB, {connections} connections: {getRate:F0} /s; server CPU {getCpuMs * 1000:F0} µs a GET");

            var listMs = await ListPageAsync(pool[0], port, bucket, stored);
            Report.Line(Scenario, $"{label}: ListObjectsV2 1,000 keys in a {stored:N0}-object bucket: " +
                                  (double.IsNaN(listMs) ? "failed (an error answer)" : $"{listMs:F2} ms a page (median)"));

            if (listBucketSize > stored)
            {
                // Fill to the large size as fast as the server takes it, then page through it.
                var filled = Stopwatch.StartNew();
                await Task.WhenAll(pool.Select(async connection =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < listBucketSize)
                        Expect(await connection.SendAsync(Put(port, bucket, Key(i), body)), 200, "PutObject");
                }));
                var fillRate = (listBucketSize - stored) / filled.Elapsed.TotalSeconds;
                var bigListMs = await ListPageAsync(pool[0], port, bucket, listBucketSize);
                Report.Line(Scenario, $"{label}: filled to {listBucketSize:N0} objects at {fillRate:F0} PUT/s; " +
                                      $"ListObjectsV2 1,000 keys: {bigListMs:F2} ms a page (median)");
            }

            return new Figures(rates.Average(), getRate, listMs, putCpuMs, getCpuMs);
        }
        finally
        {
            foreach (var connection in pool)
                connection.Dispose();
        }
    }

    /// <summary>Median time of a ListObjectsV2 page of 1,000 keys starting at spread positions of the
    /// bucket; NaN when the server answers an error (s3rver fails on buckets of a few thousand keys).</summary>
    private static async Task<double> ListPageAsync(RawHttpConnection connection, int port, string bucket, int stored)
    {
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var after = Key(Random.Shared.Next(Math.Max(1, stored - 1000)));
            var started = Stopwatch.GetTimestamp();
            if (await connection.SendAsync(Request("GET", port, $"/{bucket}?list-type=2&max-keys=1000&start-after={after}", 0)) != 200)
                return double.NaN;
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times.Order().ElementAt(times.Count / 2);
    }

    private static async Task<(int Count, TimeSpan Elapsed)> UntilAsync(List<RawHttpConnection> pool, TimeSpan duration, Func<RawHttpConnection, Task> call)
    {
        var count = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(pool.Select(async connection =>
        {
            while (clock.Elapsed < duration)
            {
                await call(connection);
                Interlocked.Increment(ref count);
            }
        }));
        return (count, clock.Elapsed);
    }

    // Keys sort in insertion order only by chance: a hash prefix spreads them over the key space as real keys are.
    private static string Key(int i) => $"k{(uint)(i * 2654435761u) % 1000:D3}/object-{i:D8}";

    private static ReadOnlyMemory<byte> Put(int port, string bucket, string key, byte[] body)
    {
        var head = Request("PUT", port, $"/{bucket}/{key}", body.Length);
        var request = new byte[head.Length + body.Length];
        head.CopyTo(request);
        body.CopyTo(request.AsMemory(head.Length));
        return request;
    }

    private static ReadOnlyMemory<byte> Request(string method, int port, string target, int contentLength) =>
        Encoding.ASCII.GetBytes($"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {contentLength}\r\n\r\n");

    private static void Expect(int status, int expected, string operation)
    {
        if (status != expected)
            throw new InvalidOperationException($"{operation} answered {status}");
    }
}
