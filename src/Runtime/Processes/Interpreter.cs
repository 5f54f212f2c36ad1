namespace Platform.Runtime.Processes;

/// <summary>The interpreter a managed runtime runs with on this machine.</summary>
/// <param name="Executable">Its real path (a pyenv shim resolved to the interpreter behind it).</param>
/// <param name="Version">Its full version, e.g. 3.11.7.</param>
internal sealed record Interpreter(string Executable, string Version)
{
    /// <summary>Python: boto3 is importable, as in Lambda's runtime (always true for Node.js).</summary>
    public bool HasSdk { get; init; } = true;

    public string MajorMinor => string.Join('.', Version.Split('.').Take(2));

    public string MajorVersion => Version.Split('.')[0];
}
