using System.Diagnostics;

namespace Platform.Bench;

/// <summary>
/// Time from process start to the first answer, and resident memory once idle: the platform with an
/// empty configuration and with the samples (functions loaded, triggers running), side by side with the
/// npm peers (s3rver, kinesalite, dynalite from bench/peers). The targets are interleaved run by run, so
/// a machine shared with other work slows them alike, and the figures are reported as ratios.
/// </summary>
internal static class StartupBenchmark
{
    private const string Scenario = "startup";

    private sealed record Target(string Label, string Command, Func<int, string[]> Arguments, string? ReadyPath);

    public static async Task RunAsync(string root, string label, string hostDll, string samplesConfig, int runs)
    {
        var empty = Path.Combine(Path.GetTempPath(), "platform-bench-empty.yaml");
        await File.WriteAllTextAsync(empty, "region: us-east-1\n");
        var peers = Path.Combine(root, "bench", "peers", "node_modules");
        var targets = new List<Target>
        {
            new($"platform ({label}), empty config", "dotnet", port => [hostDll, "up", "--in-memory", "--port", port.ToString(), "--config", empty], "/_platform/health"),
            new($"platform ({label}), samples", "dotnet", port => [hostDll, "up", "--in-memory", "--port", port.ToString(), "--config", samplesConfig], "/_platform/health"),
        };
        var s3rverData = Directory.CreateTempSubdirectory("s3rver-startup-");
        AddPeer(targets, peers, "s3rver", Path.Combine("s3rver", "bin", "s3rver.js"),
            port => ["--directory", s3rverData.FullName, "--port", port.ToString(), "--address", "127.0.0.1", "--silent"]);
        AddPeer(targets, peers, "kinesalite", Path.Combine("kinesalite", "cli.js"), port => ["--port", port.ToString()]);
        AddPeer(targets, peers, "dynalite", Path.Combine("dynalite", "cli.js"), port => ["--port", port.ToString()]);

        var ready = targets.ToDictionary(t => t, _ => new List<double>());
        var rss = targets.ToDictionary(t => t, _ => new List<double>());
        for (var run = 0; run < runs; run++)
        {
            foreach (var target in targets)
            {
                var (readyMs, idleMiB) = await MeasureAsync(target);
                ready[target].Add(readyMs);
                rss[target].Add(idleMiB);
            }
        }

        s3rverData.Delete(recursive: true);
        foreach (var target in targets)
        {
            Report.Line(Scenario, $"{target.Label}: ready after process start {Report.Percentiles(ready[target])} ms; " +
                                  $"idle resident memory {Report.Percentiles(rss[target])} MiB ({runs} runs)");
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        foreach (var platform in targets.Take(2))
        {
            foreach (var peer in targets.Skip(2))
            {
                Report.Line(Scenario, $"ratio {platform.Label} / {peer.Label}: start {Median(ready[platform]) / Median(ready[peer]):F2}x, " +
                                      $"idle memory {Median(rss[platform]) / Median(rss[peer]):F2}x");
            }
        }
    }

    private static void AddPeer(List<Target> targets, string peers, string name, string script, Func<int, string[]> arguments)
    {
        var path = Path.Combine(peers, script);
        if (File.Exists(path))
            targets.Add(new Target(name, "node", port => [path, .. arguments(port)], null));
        else
            Report.Line(Scenario, $"{name}: not installed (cd bench/peers && npm ci) — peer skipped");
    }

    private static async Task<(double ReadyMs, double IdleMiB)> MeasureAsync(Target target)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        var port = Ports.Free();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo(target.Command, target.Arguments(port))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}{target.ReadyPath ?? "/"}");
                    // Any answer means a peer listens (kinesalite answers GET / with an error).
                    if (target.ReadyPath is null || response.IsSuccessStatusCode)
                        break;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(120) || process.HasExited)
                    throw new InvalidOperationException($"{target.Label} did not become ready");
                await Task.Delay(2);
            }

            var readyMs = clock.Elapsed.TotalMilliseconds;
            // Idle: let start-up garbage settle, then read the resident set.
            await Task.Delay(TimeSpan.FromSeconds(3));
            return (readyMs, ProcessMemory.ResidentMiB(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
