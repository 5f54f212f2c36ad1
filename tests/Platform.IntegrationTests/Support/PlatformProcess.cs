using System.Net;
using System.Net.Sockets;

namespace Platform.IntegrationTests.Support;

/// <summary>
/// `platform up` as a real child process — what a user runs — for tests that must kill it
/// (SIGKILL crash tests) or check its command line. Start waits for the "Platform ready" line.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly HostProcess _host;

    private PlatformProcess(HostProcess host, Uri endpoint)
    {
        _host = host;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }
    public string Output => _host.Output;
    public bool HasExited => _host.HasExited;

    /// <summary>How long a start may take before the test fails: generous, because CI runs the test
    /// projects side by side with container image builds; a healthy start takes well under a second.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    public static Task<PlatformProcess> StartAsync(string configPath, string dataDir, int? port = null, params string[] extraArguments) =>
        StartAsync(configPath, dataDir, null, port, extraArguments);

    /// <summary>With extra environment variables for the platform process (e.g. OTEL_EXPORTER_OTLP_PROTOCOL).</summary>
    public static async Task<PlatformProcess> StartAsync(string configPath, string dataDir, IReadOnlyDictionary<string, string>? environment,
        int? port = null, params string[] extraArguments)
    {
        var chosenPort = port ?? FreePort();
        var host = await HostProcess.StartAsync(
            ["up", "--config", configPath, "--port", chosenPort.ToString(), "--data-dir", dataDir, .. extraArguments],
            Path.GetDirectoryName(configPath)!, "Platform ready on ", ReadyTimeout, environment);
        return new PlatformProcess(host, new Uri($"http://127.0.0.1:{chosenPort}"));
    }

    /// <summary>The first output line, printed so far or later, that matches <paramref name="predicate"/>:
    /// tests wait for the platform to report something (a reload) instead of sleeping.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout) => _host.WaitForLineAsync(predicate, timeout);

    /// <summary>SIGKILL: no shutdown code runs — the crash the durability promise is about.</summary>
    public Task KillAsync() => _host.KillAsync();

    /// <summary>SIGTERM — the graceful path a user's Ctrl+C takes — and the exit code, or null if
    /// the process had to be killed after <paramref name="timeout"/>.</summary>
    public Task<int?> StopAsync(TimeSpan timeout) => _host.StopAsync(timeout);

    public ValueTask DisposeAsync() => _host.DisposeAsync(TimeSpan.FromSeconds(15));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
