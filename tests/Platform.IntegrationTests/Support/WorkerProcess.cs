using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.IntegrationTests.Support;

/// <summary>
/// `platform worker` as a real child process, for the distributed tests that kill workers
/// mid-invocation. Start waits for its "Worker ready" line (it consumes its queues by then).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _lineWaiters = [];

    private WorkerProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    /// <summary>What the worker records as the Worker of its invocations (host:pid).</summary>
    public string WorkerId => $"{Environment.MachineName}:{_process.Id}";

    public string Output => string.Join('\n', _output);

    public static async Task<WorkerProcess> StartAsync(string configPath, string transport, Uri platform, params string[] extraArguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
        };
        foreach (var argument in (string[])[RepositoryPaths.HostDll, "worker", "--config", configPath, "--transport", transport,
                     "--platform-url", platform.ToString().TrimEnd('/'), .. extraArguments])
            start.ArgumentList.Add(argument);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            process.WaitForExit();
            worker._ready.TrySetException(new InvalidOperationException("worker exited before it was ready:\n" + worker.Output));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await worker._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }

        return worker;
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

        if (line.StartsWith("Worker ready: ", StringComparison.Ordinal))
            _ready.TrySetResult();
    }

    /// <summary>The first output line, printed so far or later, that matches <paramref name="predicate"/>.</summary>
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
            throw new TimeoutException($"no matching worker output line within {timeout}:\n{Output}");
        }
    }

    /// <summary>SIGKILL: the broker sees the connection drop with the worker's invocations unacknowledged.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM (graceful drain) and the exit code, or null if it had to be killed after <paramref name="timeout"/>.</summary>
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

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(40));
        _process.Dispose();
    }
}
