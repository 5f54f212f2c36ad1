namespace Platform.Runtime.Processes;

/// <summary>What a function's processes are started from; one per code version (hot reload makes a new one).</summary>
/// <param name="Environment">The process's whole environment: Lambda's variables and the function's own, nothing of the platform's.</param>
internal sealed record ProcessSpec(
    string FunctionName,
    IReadOnlyList<string> Command,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    int MemorySize)
{
    /// <summary>The command is Lambda's `bootstrap` lookup (provided runtimes): a missing one is reported as Lambda does.</summary>
    public bool BootstrapSearch { get; init; }

    /// <summary>Why the function cannot start at all (no interpreter for its runtime): each invocation fails with it.</summary>
    public string? EntrypointError { get; init; }

    /// <summary>The code folder, mounted read-only for the process where the machine allows it.</summary>
    public string? ReadOnlyDirectory { get; init; }

    /// <summary>The function's own writable TMPDIR.</summary>
    public string? TempDirectory { get; init; }
}
