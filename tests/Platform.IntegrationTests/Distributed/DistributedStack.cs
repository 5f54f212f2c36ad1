using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Distributed;

/// <summary>
/// `platform up --transport rabbitmq://…` plus `platform worker` processes on one broker virtual
/// host, sharing a platform.yaml whose function <c>marker</c> (<see cref="MarkerFunction"/>) is
/// triggered by uploads to s3://uploads.
/// </summary>
internal sealed class DistributedStack : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;

    private DistributedStack(DirectoryInfo directory, string transport, PlatformProcess platform)
    {
        _directory = directory;
        Transport = transport;
        Platform = platform;
        Aws = new AwsCli(platform.Endpoint);
        Admin = new PlatformAdminClient(platform.Endpoint);
    }

    public string Transport { get; }
    public PlatformProcess Platform { get; private set; }
    public List<WorkerProcess> Workers { get; } = [];
    public AwsCli Aws { get; private set; }
    public PlatformAdminClient Admin { get; private set; }
    public string ConfigPath => Path.Combine(_directory.FullName, "platform.yaml");
    public string DataDir => Path.Combine(_directory.FullName, "data");
    public string MarkerDir => Path.Combine(_directory.FullName, "markers");

    public static async Task<DistributedStack> StartAsync(RabbitMqServer broker, string name, int workers, int delayMs,
        int concurrency = 4, int timeoutSeconds = 10)
    {
        var directory = Directory.CreateTempSubdirectory($"platform-{name}-");
        Directory.CreateDirectory(Path.Combine(directory.FullName, "markers"));
        var transport = await broker.CreateVirtualHostAsync($"{name}-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "platform.yaml"), $$"""
            region: us-east-1
            buckets: [uploads]
            functions:
              marker:
                runtime: dotnet
                assembly: {{typeof(MarkerFunction).Assembly.Location}}
                handler: Platform.IntegrationTests::{{typeof(MarkerFunction).FullName}}
                timeout: {{timeoutSeconds}}s
                concurrency: {{concurrency}}
                environment:
                  MARKER_DIR: {{Path.Combine(directory.FullName, "markers")}}
                  DELAY_MS: "{{delayMs}}"
                async:
                  maximumRetryAttempts: 2
                  retryDelays: [1s, 2s]
                triggers:
                  - s3:
                      bucket: uploads
                      events: ["s3:ObjectCreated:*"]

            """);

        var platform = await StartPlatformAsync(Path.Combine(directory.FullName, "platform.yaml"), Path.Combine(directory.FullName, "data"), transport, port: null);
        var stack = new DistributedStack(directory, transport, platform);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => stack.AddWorkerAsync()));
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }

        return stack;
    }

    public async Task<WorkerProcess> AddWorkerAsync()
    {
        var worker = await WorkerProcess.StartAsync(ConfigPath, Transport, Platform.Endpoint);
        lock (Workers)
            Workers.Add(worker);
        return worker;
    }

    /// <summary>SIGKILLs `up` and starts it again on the same data directory and port.</summary>
    public async Task RestartPlatformAfterKillAsync()
    {
        var port = Platform.Endpoint.Port;
        await Platform.KillAsync();
        await Platform.DisposeAsync();
        Admin.Dispose();
        Platform = await StartPlatformAsync(ConfigPath, DataDir, Transport, port);
        Aws = new AwsCli(Platform.Endpoint);
        Admin = new PlatformAdminClient(Platform.Endpoint);
    }

    /// <summary>Uploads <paramref name="count"/> small files as <c>PREFIX/NNN.txt</c> with one `aws s3 cp --recursive`.</summary>
    public async Task<IReadOnlyList<string>> UploadAsync(string prefix, int count)
    {
        var source = Directory.CreateDirectory(Path.Combine(_directory.FullName, "upload-" + prefix));
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(source.FullName, $"{i:D3}.txt"), $"upload {prefix} {i}\n");
            keys.Add($"{prefix}/{i:D3}.txt");
        }

        await Aws.RunOkAsync("s3", "cp", source.FullName, $"s3://uploads/{prefix}/", "--recursive", "--only-show-errors");
        return keys;
    }

    /// <summary>The marker files of <paramref name="key"/>: one per process that finished it.</summary>
    public IReadOnlyList<int> FinishedBy(string key) => Directory.GetFiles(MarkerDir, MarkerFunction.MarkerName(key, 0)[..^1] + "*")
        .Select(path => int.Parse(Path.GetFileName(path)[(Path.GetFileName(path).LastIndexOf('@') + 1)..]))
        .ToList();

    /// <summary>Waits until every key has a marker, waking on each finished invocation (no sleeps).</summary>
    public async Task WaitForMarkersAsync(IEnumerable<string> keys, TimeSpan timeout)
    {
        var missing = new HashSet<string>(keys);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            // Counted before the markers are read: a function writes its marker before its
            // invocation is logged, so nothing finishes unseen between the two.
            var seen = (await Admin.GetAsync("/_platform/invocations?function=marker&limit=1000")).GetArrayLength();
            missing.RemoveWhere(key => FinishedBy(key).Count > 0);
            if (missing.Count == 0)
                return;
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
                Assert.Fail($"{missing.Count} uploads never processed, e.g. {string.Join(", ", missing.Take(5))}\n" +
                            $"platform:\n{Platform.Output}\nworkers:\n{string.Join("\n---\n", Workers.Select(w => w.Output))}");

            // Wake on the next finished invocation rather than sleeping.
            try
            {
                await Admin.WaitForInvocationsAsync("marker", seen + 1, left < TimeSpan.FromSeconds(20) ? left : TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                // Nothing finished meanwhile: look at the markers again (and fail at the deadline).
            }
        }
    }

    private static async Task<PlatformProcess> StartPlatformAsync(string config, string dataDir, string transport, int? port)
    {
        var platform = await PlatformProcess.StartAsync(config, dataDir, port, "--transport", transport);
        // Ready for requests; the broker connection follows (it may be down): wait until it is up.
        await platform.WaitForLineAsync(l => l.Contains("Broker endpoint ready", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        return platform;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Workers.Select(w => w.DisposeAsync().AsTask()));
        await Platform.DisposeAsync();
        Admin.Dispose();
        _directory.Delete(recursive: true);
    }
}
