namespace Platform.IntegrationTests.Support;

/// <summary>
/// `platform worker` as a real child process, for the distributed tests that kill workers
/// mid-invocation. Start waits for its "Worker ready" line (it consumes its queues by then).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly HostProcess _host;

    private WorkerProcess(HostProcess host) => _host = host;

    public int ProcessId => _host.ProcessId;

    /// <summary>What the worker records as the Worker of its invocations (host:pid).</summary>
    public string WorkerId => $"{Environment.MachineName}:{_host.ProcessId}";

    public string Output => _host.Output;

    public static async Task<WorkerProcess> StartAsync(string configPath, string transport, Uri platform, params string[] extraArguments) =>
        new(await HostProcess.StartAsync(
            ["worker", "--config", configPath, "--transport", transport, "--platform-url", platform.ToString().TrimEnd('/'), .. extraArguments],
            Path.GetDirectoryName(configPath)!, "Worker ready: ", TimeSpan.FromSeconds(60)));

    /// <summary>The first output line, printed so far or later, that matches <paramref name="predicate"/>.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout) => _host.WaitForLineAsync(predicate, timeout);

    /// <summary>SIGKILL: the broker sees the connection drop with the worker's invocations unacknowledged.</summary>
    public Task KillAsync() => _host.KillAsync();

    /// <summary>SIGTERM (graceful drain) and the exit code, or null if it had to be killed after <paramref name="timeout"/>.</summary>
    public Task<int?> StopAsync(TimeSpan timeout) => _host.StopAsync(timeout);

    public ValueTask DisposeAsync() => _host.DisposeAsync(TimeSpan.FromSeconds(40));
}
