namespace Platform.Runtime.RuntimeApi;

/// <summary>What a function's processes are started from; one per code version (hot reload makes a new one).</summary>
internal sealed record SandboxSpec(
    string FunctionName,
    IReadOnlyList<string> Command,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    int MemorySize)
{
    /// <summary>The command is Lambda's `bootstrap` lookup (provided runtimes): a missing one is reported as Lambda does.</summary>
    public bool BootstrapSearch { get; init; }
}
