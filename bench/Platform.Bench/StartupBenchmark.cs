using System.Diagnostics;

namespace Platform.Bench;

/// <summary>
/// Time from `platform up` (the built dll, as a user runs it) to its first 200 on /_platform/health,
/// and its resident memory once idle.
/// </summary>
internal static class StartupBenchmark
{
    public static async Task RunAsync(string label, string hostDll, string config, int runs)
    {
        var readyTimes = new List<double>();
        var idleRss = new List<double>();
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        for (var run = 0; run < runs; run++)
        {
            var port = Ports.Free();
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo("dotnet",
                [hostDll, "up", "--in-memory", "--port", port.ToString(), "--config", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            while (true)
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/_platform/health");
                    if (response.IsSuccessStatusCode)
                        break;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(30) || process.HasExited)
                    throw new InvalidOperationException("platform did not become ready");
                await Task.Delay(2);
            }

            readyTimes.Add(clock.Elapsed.TotalMilliseconds);

            // Idle: let start-up garbage settle, then read the resident set.
            await Task.Delay(TimeSpan.FromSeconds(3));
            idleRss.Add(ResidentMiB(process.Id));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Report.Line("startup", $"{label}: ready after process start: {Report.Percentiles(readyTimes)} ms over {runs} runs");
        Report.Line("startup", $"{label}: idle resident memory: {Report.Percentiles(idleRss)} MiB");
    }

    private static double ResidentMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        }

        return double.NaN;
    }
}
