namespace Platform.Runtime;

/// <summary>What the runtime tells functions about the platform they run on.</summary>
public sealed record RuntimeOptions
{
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account id in ARNs; LocalStack's and moto's default, so existing scripts match.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>The emulators' edge URL, given to functions as AWS_ENDPOINT_URL.</summary>
    public string EdgeUrl { get; init; } = "http://localhost:4566";

    /// <summary>Recorded in every <c>FunctionInvoked</c> so the invocation log shows who ran it.</summary>
    public string WorkerName { get; init; } = $"{System.Environment.MachineName}:{System.Environment.ProcessId}";

    /// <summary>The command that runs a .NET function (runtime dotnet, isolation process) as a
    /// Runtime API process; it finds the function through _HANDLER and LAMBDA_TASK_ROOT, as Lambda's
    /// .NET runtime does. Null where no host is available.</summary>
    public IReadOnlyList<string>? DotnetFunctionHost { get; init; }

    /// <summary>Where function processes keep what is theirs on this machine: each function's own
    /// writable /tmp (TMPDIR) and the ledger of running process groups that a restart after a crash
    /// ends. The platform's data directory; null: a temporary folder, and no ledger.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Folders searched for the interpreters of Lambda's Python and Node.js runtimes; null:
    /// the platform's PATH, and pyenv's installed versions.</summary>
    public IReadOnlyList<string>? InterpreterSearchPath { get; init; }

    /// <summary>The platform's Python and Node.js runtimes (shipped with its build output).</summary>
    public string ShimsDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "Shims");

    /// <summary>Watch configured functions' files and reload their code when they change.</summary>
    public bool WatchFunctionCode { get; init; } = true;

    /// <summary>Folders whose changes are never code changes (the platform's data directory, when a
    /// function's code folder contains it).</summary>
    public IReadOnlyList<string> WatchIgnore { get; init; } = [];
}
