using System.Diagnostics;

namespace Platform.Bench;

/// <summary>A server in its own process (the platform or a peer), ready once it answers HTTP; killed on dispose.</summary>
internal sealed class BenchServer(Process process) : IAsyncDisposable
{
    public static async Task<BenchServer> StartAsync(string command, string[] arguments, int port, string? readyPath)
    {
        var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}{readyPath ?? "/"}");
                // Any HTTP answer means it listens (kinesalite answers GET / with an error).
                if (readyPath is null || response.IsSuccessStatusCode)
                    return new BenchServer(process);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60) || process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{command} did not start listening on {port}");
            }

            await Task.Delay(20);
        }
    }

    public int ProcessId => process.Id;

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
