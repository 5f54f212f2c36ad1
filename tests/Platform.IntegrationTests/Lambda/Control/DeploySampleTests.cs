using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Lambda.Control;

/// <summary>samples/deploy/deploy.sh deploys its Python and Node functions as zips with the aws CLI,
/// twice (create, then update), and the Node one counts clicks from its Kinesis trigger.</summary>
public sealed class DeploySampleTests
{
    [Fact]
    public async Task The_deploy_script_creates_then_updates_both_samples_and_the_kinesis_trigger_runs()
    {
        await using var platform = await ControlPlatform.StartAsync();
        var script = Path.Combine(RepositoryPaths.Root, "samples", "deploy", "deploy.sh");
        var environment = new Dictionary<string, string>(AwsCli.Credentials)
        {
            ["ENDPOINT"] = platform.Endpoint.ToString().TrimEnd('/'),
            // The CLI v2 first (the script also runs with v1).
            ["PATH"] = "/usr/bin:" + Environment.GetEnvironmentVariable("PATH"),
        };

        var first = (await ProcessRunner.RunAsync("/bin/bash", [script], environment, timeout: TimeSpan.FromMinutes(4))).EnsureSuccess().StandardOutput;
        Assert.Contains("created hello-python (python3.12)", first);
        Assert.Contains("created clicks-node (nodejs20.x)", first);
        Assert.Contains("hello-python: {\"greeting\": \"Hello, Platform!\", \"function\": \"hello-python\"", first);
        Assert.Contains("clicks-node: {\"echo\":{\"ping\":1},\"function\":\"clicks-node\"", first);
        var second = (await ProcessRunner.RunAsync("/bin/bash", [script], environment, timeout: TimeSpan.FromMinutes(4))).EnsureSuccess().StandardOutput;
        Assert.Contains("updated hello-python", second);
        Assert.DoesNotContain("mapped", second);

        await platform.Cli.RunOkAsync("kinesis", "put-record", "--stream-name", "clicks", "--partition-key", "a",
            "--cli-binary-format", "raw-in-base64-out", "--data", "button-1");
        using var admin = new PlatformAdminClient(platform.Endpoint);
        var invocations = await admin.WaitForInvocationsAsync("clicks-node", 3, TimeSpan.FromSeconds(30), "Succeeded");
        Assert.Contains(invocations, i => i.GetProperty("logs").GetString()!.Contains("counted 1 clicks: button-1", StringComparison.Ordinal));
    }
}
