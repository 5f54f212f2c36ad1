namespace Platform.IntegrationTests.Storage;

/// <summary>The real clients, pointed at the fixture's endpoint.</summary>
public sealed class AwsCli(StorageServerFixture server)
{
    public static readonly Dictionary<string, string> Environment = new()
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
        ProcessRunner.RunAsync("/usr/bin/aws", [.. arguments, "--endpoint-url", server.Endpoint, "--output", "json"], Environment);

    public async Task<string> OkAsync(params string[] arguments) => (await RunAsync(arguments)).EnsureSuccess().StandardOutput;

    /// <summary>Runs a python3 script with boto3 (Debian's, at /usr/bin/python3); ENDPOINT is set.</summary>
    public Task<ProcessResult> PythonAsync(string script)
    {
        var environment = new Dictionary<string, string>(Environment) { ["ENDPOINT"] = server.Endpoint };
        return ProcessRunner.RunAsync("/usr/bin/python3", ["-"], environment, script);
    }
}
