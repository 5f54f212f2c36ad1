using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.IntegrationTests.Support;

/// <summary>
/// A real RabbitMQ node from Debian's rabbitmq-server package, in a temporary directory on free ports
/// (AMQP, Erlang distribution, its own epmd), so it never meets a system broker or another test run.
/// Started once per test collection (~5–15 s). Tests isolate themselves with a virtual host each.
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> restart the same node on the same data:
/// durable queues and persistent messages survive, as after a real broker restart.
/// </summary>
public sealed class RabbitMqServer : IAsyncLifetime
{
    private const string Scripts = "/usr/lib/rabbitmq/bin";
    private readonly string _root = Directory.CreateTempSubdirectory("platform-rabbitmq-").FullName;
    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _server;

    public RabbitMqServer()
    {
        AmqpPort = PlatformProcess.FreePort();
        var distributionPort = PlatformProcess.FreePort();
        EpmdPort = PlatformProcess.FreePort();
        NodeName = $"platform-test-{AmqpPort}@localhost";
        Directory.CreateDirectory(Path.Combine(_root, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_root, "log"));
        File.WriteAllText(Path.Combine(_root, "enabled_plugins"), "[].");
        _environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(),
            ["ERL_EPMD_PORT"] = EpmdPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_root, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_root, "log"),
            ["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(_root, "feature_flags"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_root, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_root, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_root, "advanced.config"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(_root, "rabbitmq.pid"),
            // The Erlang cookie (rabbitmqctl must present the node's) lives here, not in the user's home.
            ["HOME"] = _root,
        };
    }

    public string NodeName { get; }
    public int AmqpPort { get; }
    public int EpmdPort { get; }
    public string Output => string.Join('\n', _output);

    /// <summary>The broker address for --transport, optionally in a virtual host.</summary>
    public string Transport(string virtualHost = "") => $"rabbitmq://guest:guest@127.0.0.1:{AmqpPort}/{virtualHost}";

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts the node and returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (!File.Exists(Path.Combine(Scripts, "rabbitmq-server")))
            throw new InvalidOperationException("rabbitmq-server is not installed: run ./build.sh test (installs Debian's rabbitmq-server) or apt-get install rabbitmq-server");

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo(Path.Combine(Scripts, "rabbitmq-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        foreach (var (name, value) in _environment)
            start.Environment[name] = value;
        var server = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null)
                return;
            _output.Enqueue(line);
            // The server prints this once the broker accepts connections.
            if (line.Contains("Starting broker... completed", StringComparison.Ordinal))
                started.TrySetResult();
        }

        server.OutputDataReceived += (_, e) => OnLine(e.Data);
        server.ErrorDataReceived += (_, e) => OnLine(e.Data);
        server.Exited += (_, _) => started.TrySetException(new InvalidOperationException("rabbitmq-server exited before it was ready:\n" + Output));
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _server = server;
        await started.Task.WaitAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Stops the node the way an operator does (rabbitmqctl shutdown): connections drop,
    /// durable queues and persistent messages stay on disk.</summary>
    public async Task StopAsync()
    {
        if (_server is not { HasExited: false } server)
            return;
        await CtlAsync("shutdown");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server.WaitForExitAsync(timeout.Token);
        server.Dispose();
        _server = null;
    }

    /// <summary>A virtual host of its own for one test, so tests never see each other's queues.</summary>
    public async Task<string> CreateVirtualHostAsync(string name)
    {
        await CtlAsync("add_vhost", name);
        await CtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return Transport(name);
    }

    /// <summary>rabbitmqctl against this node; throws with its output when it fails.</summary>
    public async Task<string> CtlAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(Path.Combine(Scripts, "rabbitmqctl"), ["-n", NodeName, .. arguments], _environment);
        return result.EnsureSuccess().StandardOutput;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception) when (_server is { } server)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        finally
        {
            // The node started its own epmd on its own port; nothing else uses that one.
            await ProcessRunner.RunAsync("epmd", ["-port", EpmdPort.ToString(), "-kill"], _environment);
            Directory.Delete(_root, recursive: true);
        }
    }
}
