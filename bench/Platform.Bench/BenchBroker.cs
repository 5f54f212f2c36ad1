using System.Diagnostics;

namespace Platform.Bench;

/// <summary>
/// A throw-away RabbitMQ node from Debian's rabbitmq-server package (as the integration tests start
/// one): its own directory, ports and epmd, so it meets no system broker. Or the broker named by
/// PLATFORM_BENCH_TRANSPORT, when set.
/// </summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    private const string Scripts = "/usr/lib/rabbitmq/bin";
    private readonly string? _root;
    private readonly Process? _server;
    private readonly int _epmdPort;

    private BenchBroker(string transport, string? root = null, Process? server = null, int epmdPort = 0)
    {
        Transport = transport;
        _root = root;
        _server = server;
        _epmdPort = epmdPort;
    }

    public string Transport { get; }

    public static async Task<BenchBroker> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("PLATFORM_BENCH_TRANSPORT") is { Length: > 0 } given)
            return new BenchBroker(given);

        var root = Directory.CreateTempSubdirectory("platform-bench-rabbitmq-").FullName;
        var amqp = Ports.Free();
        var epmd = Ports.Free();
        Directory.CreateDirectory(Path.Combine(root, "mnesia"));
        Directory.CreateDirectory(Path.Combine(root, "log"));
        await File.WriteAllTextAsync(Path.Combine(root, "enabled_plugins"), "[].");
        var start = new ProcessStartInfo(Path.Combine(Scripts, "rabbitmq-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.Environment["RABBITMQ_NODENAME"] = $"platform-bench-{amqp}@localhost";
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = amqp.ToString();
        start.Environment["RABBITMQ_DIST_PORT"] = Ports.Free().ToString();
        start.Environment["ERL_EPMD_PORT"] = epmd.ToString();
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log");
        start.Environment["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(root, "feature_flags");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins");
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq");
        start.Environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(root, "advanced.config");
        start.Environment["HOME"] = root;

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new Process { StartInfo = start, EnableRaisingEvents = true };
        server.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Starting broker... completed", StringComparison.Ordinal) == true)
                started.TrySetResult();
        };
        server.ErrorDataReceived += (_, _) => { };
        server.Exited += (_, _) => started.TrySetException(new InvalidOperationException("rabbitmq-server exited; is Debian's rabbitmq-server installed?"));
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return new BenchBroker($"rabbitmq://guest:guest@127.0.0.1:{amqp}/", root, server, epmd);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null || _root is null)
            return;
        _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync();
        // The node started its own epmd on its own port; nothing else uses that one.
        var stop = new ProcessStartInfo("epmd", ["-port", _epmdPort.ToString(), "-kill"]) { RedirectStandardOutput = true, UseShellExecute = false };
        using (var epmd = Process.Start(stop)!)
            await epmd.WaitForExitAsync();
        Directory.Delete(_root, recursive: true);
    }
}
