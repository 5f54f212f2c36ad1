using System.Net.Sockets;

namespace Platform.IntegrationTests.Containers;

/// <summary>
/// The Docker API these tests drive containers through (podman's here, set up by ./build.sh test via
/// deploy/containers/setup.sh; Docker's elsewhere): DOCKER_HOST when it names a unix socket, else
/// /var/run/docker.sock. <see cref="Missing"/> says why container tests cannot run on this machine.
/// </summary>
public static class ContainerEngine
{
    /// <summary>The unix socket of the Docker API.</summary>
    public static string Socket { get; } = Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host && host.StartsWith("unix://", StringComparison.Ordinal)
        ? host["unix://".Length..]
        : "/var/run/docker.sock";

    /// <summary>What DOCKER_HOST the clients (docker-compose, Testcontainers) get.</summary>
    public static string DockerHost => "unix://" + Socket;

    /// <summary>Null when an engine answers on <see cref="Socket"/> and docker-compose is installed; else the reason to skip.</summary>
    public static string? Missing => LazyMissing.Value;

    private static readonly Lazy<string?> LazyMissing = new(Probe);

    private static string? Probe()
    {
        if (!File.Exists(Socket))
            return $"no container engine: {Socket} does not exist (./build.sh test sets up podman's Docker API on Linux; set DOCKER_HOST=unix://… for another engine)";
        if (!File.Exists("/usr/bin/docker-compose"))
            return "docker-compose is not installed (./build.sh test installs Debian's package)";
        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), token);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
            var ping = http.GetAsync("http://engine/_ping").GetAwaiter().GetResult();
            return ping.IsSuccessStatusCode ? null : $"the container engine at {Socket} answered /_ping with {(int)ping.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
        {
            return $"no container engine answers at {Socket}: {e.Message}";
        }
    }
}

/// <summary>A test that needs a real container engine: skipped, with the reason, on a machine without one.</summary>
public sealed class ContainerFactAttribute : FactAttribute
{
    public ContainerFactAttribute()
    {
        if (ContainerEngine.Missing is { } reason)
            Skip = reason;
    }
}
