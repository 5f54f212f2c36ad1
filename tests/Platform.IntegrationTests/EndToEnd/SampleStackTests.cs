using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>The README's tour, as a user runs it: `platform up` with samples/platform.yaml, an
/// upload with the aws CLI, the sample function's summary in s3://processed.</summary>
public sealed class SampleStackTests
{
    [Fact]
    public async Task An_upload_runs_the_sample_function_which_writes_a_summary()
    {
        await using var platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, "unused", extraArguments: "--in-memory");
        var aws = new AwsCli(platform.Endpoint);
        using var admin = new PlatformAdminClient(platform.Endpoint);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "hello world\nsecond line\n");

        await aws.RunOkAsync("s3", "cp", file, "s3://uploads/images/photo one.txt");

        var invocation = Assert.Single(await admin.WaitForInvocationsAsync("summarize", 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("Succeeded", invocation.GetProperty("outcome").GetString());
        Assert.Equal("s3:uploads", invocation.GetProperty("trigger").GetString());
        var summary = JsonDocument.Parse(await aws.RunOkAsync("s3", "cp", "s3://processed/images/photo one.txt.summary.json", "-")).RootElement;
        Assert.Equal(24, summary.GetProperty("size").GetInt64());
        Assert.Equal(2, summary.GetProperty("lines").GetInt32());
        Assert.Contains("summarize", platform.Output);
        File.Delete(file);
    }

    [Fact]
    public async Task An_upload_to_documents_runs_the_python_sample_over_the_runtime_api()
    {
        await using var platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, "unused", extraArguments: "--in-memory");
        var aws = new AwsCli(platform.Endpoint);
        using var admin = new PlatformAdminClient(platform.Endpoint);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "quarterly report\n");

        await aws.RunOkAsync("s3", "cp", file, "s3://documents/reports/q1 2026.txt");

        var invocation = Assert.Single(await admin.WaitForInvocationsAsync("catalog", 1, TimeSpan.FromSeconds(60)));
        Assert.True(invocation.GetProperty("outcome").GetString() == "Succeeded", invocation.ToString());
        Assert.Contains("cataloged s3://documents/reports/q1 2026.txt", invocation.GetProperty("logs").GetString());
        var entry = JsonDocument.Parse(await aws.RunOkAsync("s3", "cp", "s3://processed/catalog/reports/q1 2026.txt.json", "-")).RootElement;
        Assert.Equal(17, entry.GetProperty("size").GetInt64());
        Assert.Equal("quarterly report\n", entry.GetProperty("preview").GetString());
        Assert.Equal(invocation.GetProperty("requestId").GetString(), entry.GetProperty("requestId").GetString());
        File.Delete(file);
    }

    [Fact]
    public async Task Health_and_functions_describe_the_running_platform()
    {
        await using var platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, "unused", extraArguments: "--in-memory");
        using var admin = new PlatformAdminClient(platform.Endpoint);

        var health = await admin.GetAsync("/_platform/health");
        var functions = await admin.GetAsync("/_platform/functions");

        Assert.Equal("ready", health.GetProperty("status").GetString());
        var summarize = Assert.Single(functions.EnumerateArray(), f => f.GetProperty("name").GetString() == "summarize");
        Assert.Contains(summarize.GetProperty("triggers").EnumerateArray(), t => t.GetProperty("source").GetString() == "s3:uploads");
    }

    [Fact]
    public async Task Sigterm_shuts_down_cleanly_and_the_state_is_still_there_after_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("platform-stop-").FullName;
        var port = PlatformProcess.FreePort();
        var platform = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, dataDir, port);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "kept");
        await new AwsCli(platform.Endpoint).RunOkAsync("s3", "cp", file, "s3://uploads/kept.txt");

        var exitCode = await platform.StopAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("Unhandled exception", platform.Output);
        await using var restarted = await PlatformProcess.StartAsync(RepositoryPaths.SampleConfig, dataDir, port);
        Assert.Equal("kept", await new AwsCli(restarted.Endpoint).RunOkAsync("s3", "cp", "s3://uploads/kept.txt", "-"));
        await platform.DisposeAsync();
        File.Delete(file);
    }

    [Fact]
    public async Task A_config_error_names_file_and_line_and_the_process_does_not_start()
    {
        var dir = Directory.CreateTempSubdirectory("platform-config-");
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, "functions:\n  f:\n    assembly: a.dll\n    handler: \"A::A.F\"\n    timout: 3s\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PlatformProcess.StartAsync(config, dir.FullName));

        Assert.Contains($"{config}:5: functions.f.timout is not a known option", error.Message);
        dir.Delete(recursive: true);
    }
}
