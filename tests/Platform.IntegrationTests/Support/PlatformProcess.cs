using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.IntegrationTests.Support;

/// <summary>
/// `platform up` as a real child process — what a user runs — for tests that must kill it
/// (SIGKILL crash tests) or check its command line. Start waits for the "Platform ready" line.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _lineWaiters = [];

    private PlatformProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }
    public string Output => string.Join('\n', _output);
    public bool HasExited => _process.HasExited;

    public static async Task<PlatformProcess> StartAsync(string configPath, string dataDir, int? port = null, params string[] extraArguments)
    {
        var chosenPort = port ?? FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
        };
        foreach (var argument in (string[])[RepositoryPaths.HostDll, "up", "--config", configPath, "--port", chosenPort.ToString(),
                     "--data-dir", dataDir, .. extraArguments])
            start.ArgumentList.Add(argument);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var platform = new PlatformProcess(process, new Uri($"http://127.0.0.1:{chosenPort}"));
        process.OutputDataReceived += (_, e) => platform.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => platform.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drains the redirected output, so the message below has all of it
            platform._ready.TrySetException(new InvalidOperationException("platform exited before it was ready:\n" + platform.Output));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await platform._ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }

        return platform;
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_lineWaiters)
        {
            _output.Enqueue(line);
            foreach (var waiter in _lineWaiters.Where(w => w.Predicate(line)).ToArray())
            {
                _lineWaiters.Remove(waiter);
                waiter.Found.TrySetResult(line);
            }
        }

        if (line.StartsWith("Platform ready on ", StringComparison.Ordinal))
            _ready.TrySetResult();
    }

    /// <summary>The first output line, printed so far or later, that matches <paramref name="predicate"/>:
    /// tests wait for the platform to report something (a reload) instead of sleeping.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lineWaiters)
        {
            if (_output.FirstOrDefault(predicate) is { } line)
                return line;
            _lineWaiters.Add((predicate, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_lineWaiters)
                _lineWaiters.RemoveAll(w => w.Found == found);
            throw new TimeoutException($"no matching output line within {timeout}:\n{Output}");
        }
    }

    /// <summary>SIGKILL: no shutdown code runs — the crash the durability promise is about.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM — the graceful path a user's Ctrl+C takes — and the exit code, or null if
    /// the process had to be killed after <paramref name="timeout"/>.</summary>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
                return null;
            }
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(15));
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
