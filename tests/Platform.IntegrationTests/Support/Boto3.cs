namespace Platform.IntegrationTests.Support;

/// <summary>Runs a python3 script with Debian's boto3 (/usr/bin/python3, not a pyenv python);
/// the script finds the endpoint in ENDPOINT.</summary>
public static class Boto3
{
    public static Task<ProcessResult> RunAsync(Uri endpoint, string script, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(AwsCli.Credentials) { ["ENDPOINT"] = endpoint.ToString().TrimEnd('/') };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            environment[key] = value;
        return ProcessRunner.RunAsync("/usr/bin/python3", ["-"], environment, script);
    }
}
