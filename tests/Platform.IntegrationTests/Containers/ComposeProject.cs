using System.Net;
using System.Net.Sockets;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Containers;

/// <summary>
/// The repository's compose.yaml, unchanged, run by Debian's docker-compose as its own project (fresh
/// volumes, containers named after it) with the host ports moved to free ones through the variables the
/// file reads (PLATFORM_PORT, RABBITMQ_PORT, RABBITMQ_UI_PORT), so it runs beside anything on 4566.
/// Disposing takes the project down with its volumes.
/// </summary>
public sealed class ComposeProject : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;

    public ComposeProject()
    {
        Name = "platformtest" + Guid.NewGuid().ToString("N")[..8];
        PlatformPort = FreePort();
        _environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = ContainerEngine.DockerHost,
            ["PLATFORM_PORT"] = PlatformPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_UI_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public string Name { get; }

    public int PlatformPort { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{PlatformPort}/");

    /// <summary>docker-compose -p NAME -f compose.yaml ARGS…</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("/usr/bin/docker-compose",
            ["-p", Name, "-f", Path.Combine(RepositoryPaths.Root, "compose.yaml"), .. arguments],
            _environment, timeout: TimeSpan.FromMinutes(5));

    public async Task<string> RunOkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"docker-compose {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.StandardError}\n{await LogsAsync()}");
        return result.StandardOutput;
    }

    /// <summary>The services' logs, for a failure message.</summary>
    public async Task<string> LogsAsync()
    {
        var logs = await RunAsync("logs", "--no-color", "--tail", "60");
        return logs.StandardOutput + logs.StandardError;
    }

    public async ValueTask DisposeAsync() => await RunAsync("down", "-v", "--timeout", "5");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
