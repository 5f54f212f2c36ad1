namespace Platform.IntegrationTests.Support;

/// <summary>The real aws CLI v2 (Debian's /usr/bin/aws) pointed at a platform endpoint.</summary>
public sealed class AwsCli(Uri endpoint)
{
    public static IReadOnlyDictionary<string, string> Credentials { get; } = new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_PAGER"] = "",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
    };

    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("/usr/bin/aws", [.. arguments, "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--output", "json"], Credentials);

    public async Task<string> RunOkAsync(params string[] arguments) => (await RunAsync(arguments)).EnsureSuccess().StandardOutput;
}
