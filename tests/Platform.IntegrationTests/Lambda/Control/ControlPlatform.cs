using System.IO.Compression;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>A real `platform up` child process with a bucket, a queue and a stream for the control
/// plane's tests, plus helpers to build function zips the way users do.</summary>
internal sealed class ControlPlatform : IAsyncDisposable
{
    public const string Role = "arn:aws:iam::000000000000:role/lambda";

    private ControlPlatform(DirectoryInfo directory, PlatformProcess process, int port)
    {
        Directory = directory;
        Process = process;
        Port = port;
    }

    public DirectoryInfo Directory { get; }
    public PlatformProcess Process { get; private set; }
    public int Port { get; }
    public Uri Endpoint => Process.Endpoint;
    public string DataDir => Path.Combine(Directory.FullName, "data");
    public string ConfigPath => Path.Combine(Directory.FullName, "platform.yaml");
    public AwsCli Cli => new(Endpoint);

    public static async Task<ControlPlatform> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("platform-control-");
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "platform.yaml"), """
            region: us-east-1
            buckets: [uploads]
            queues:
              - name: jobs
              - name: dead-letters
            streams: [events]
            """);
        var port = PlatformProcess.FreePort();
        var process = await PlatformProcess.StartAsync(Path.Combine(directory.FullName, "platform.yaml"), Path.Combine(directory.FullName, "data"), port);
        return new ControlPlatform(directory, process, port);
    }

    /// <summary>SIGTERM and start again on the same data directory and port.</summary>
    public async Task RestartAsync()
    {
        Assert.Equal(0, await Process.StopAsync(TimeSpan.FromSeconds(15)));
        await Process.DisposeAsync();
        Process = await PlatformProcess.StartAsync(ConfigPath, DataDir, Port);
    }

    /// <summary>A boto3 script (Debian's python3, as <see cref="Boto3"/>) with WORK and DATA set, given
    /// minutes: these scripts deploy, wait for State and run several functions on a shared machine.</summary>
    public Task<ProcessResult> Boto3Async(string script)
    {
        var environment = new Dictionary<string, string>(AwsCli.Credentials)
        {
            ["ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
            ["WORK"] = Directory.FullName,
            ["DATA"] = DataDir,
        };
        return ProcessRunner.RunAsync("/usr/bin/python3", ["-"], environment, script, TimeSpan.FromMinutes(4));
    }

    /// <summary>Writes a zip of <paramref name="files"/> (name → content) with Unix modes, as `zip` does.</summary>
    public string Zip(string name, params (string Path, string Content, bool Executable)[] files)
    {
        var path = Path.Combine(Directory.FullName, name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryPath, content, executable) in files)
        {
            var entry = archive.CreateEntry(entryPath);
            entry.ExternalAttributes = (executable ? 0x1ED : 0x1A4) << 16;
            using var writer = new StreamWriter(entry.Open());
            writer.Write(content);
        }
        return path;
    }

    /// <summary>AWS's custom-runtime tutorial (tests/clients/runtime-api/bash-tutorial) with one of its functions.</summary>
    public string BashTutorialZip(string name, string function = "function.sh", string? version = null)
    {
        var tutorial = Path.Combine(RepositoryPaths.Root, "tests", "clients", "runtime-api", "bash-tutorial");
        var files = new List<(string, string, bool)>
        {
            ("bootstrap", File.ReadAllText(Path.Combine(tutorial, "bootstrap")), true),
            ("function.sh", File.ReadAllText(Path.Combine(tutorial, function)), false),
        };
        if (version is not null)
            files.Add(("version.txt", version + "\n", false));
        return Zip(name, [.. files]);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
