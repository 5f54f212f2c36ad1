using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.IntegrationTests.Support;

/// <summary>
/// One `platform …` command as a real child process: its output captured line by line, a start that
/// waits for the command's ready line, waits for later lines (tests wait on what the process reports,
/// never sleep), SIGKILL and SIGTERM. <see cref="PlatformProcess"/> and <see cref="WorkerProcess"/>
/// are this with their command's arguments.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _readyPrefix;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _lineWaiters = [];

    private HostProcess(Process process, string readyPrefix)
    {
        _process = process;
        _readyPrefix = readyPrefix;
    }

    public int ProcessId => _process.Id;
    public string Output => string.Join('\n', _output);
    public bool HasExited => _process.HasExited;

    /// <summary>Runs the host with <paramref name="arguments"/> in <paramref name="workingDirectory"/> and
    /// returns once it printed a line starting with <paramref name="readyPrefix"/>.</summary>
    public static async Task<HostProcess> StartAsync(IEnumerable<string> arguments, string workingDirectory, string readyPrefix, TimeSpan readyTimeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        start.ArgumentList.Add(RepositoryPaths.HostDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process, readyPrefix);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drains the redirected output, so the message below has all of it
            host._ready.TrySetException(new InvalidOperationException($"'{start.ArgumentList[1]}' exited before it was ready:\n" + host.Output));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await host._ready.Task.WaitAsync(readyTimeout);
        }
        catch (TimeoutException)
        {
            var output = host.Output;
            await host.DisposeAsync();
            throw new TimeoutException($"'{start.ArgumentList[1]}' was not ready within {readyTimeout.TotalSeconds} s; its output:\n{output}");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
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

        if (line.StartsWith(_readyPrefix, StringComparison.Ordinal))
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

    /// <summary>Stops gracefully, waiting at most <paramref name="stopTimeout"/>.</summary>
    public async ValueTask DisposeAsync(TimeSpan stopTimeout)
    {
        await StopAsync(stopTimeout);
        _process.Dispose();
    }

    public ValueTask DisposeAsync() => DisposeAsync(TimeSpan.FromSeconds(15));
}
