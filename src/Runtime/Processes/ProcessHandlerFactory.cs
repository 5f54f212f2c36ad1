using Microsoft.Extensions.Logging;
using Platform.Contracts.Functions;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Runtime.Processes;

/// <summary>
/// Every function that runs as processes over the Runtime API: <c>runtime: process</c> (a command),
/// .NET with <c>isolation: process</c>, and Lambda's managed runtimes — <c>python3.x</c> and
/// <c>nodejsNN.x</c> through the platform's own shims on the machine's interpreter,
/// <c>provided.al2/al2023</c> through the code's <c>bootstrap</c>, <c>dotnet8/10</c> through the
/// platform's .NET function host.
/// </summary>
internal sealed partial class ProcessHandlerFactory(
    RuntimeOptions options,
    DotnetAssemblyLoader loader,
    InterpreterLocator interpreters,
    ProcessGroupLedger ledger,
    ILoggerFactory loggerFactory) : IFunctionHandlerFactory
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ProcessHandlerFactory>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _emptied = new(StringComparer.Ordinal);

    public bool Accepts(FunctionDefinition definition) =>
        string.Equals(definition.Runtime, "process", StringComparison.OrdinalIgnoreCase)
        || (string.Equals(definition.Runtime, "dotnet", StringComparison.OrdinalIgnoreCase) && string.Equals(definition.Isolation, "process", StringComparison.OrdinalIgnoreCase))
        || ManagedRuntimes.IsManaged(definition.Runtime);

    // The spec (for Python and Node.js: the interpreter, found by starting each candidate; a pyenv shim
    // alone is ~100 ms) is made here, at registration. Deferred to the first invocation (whose init the
    // timeout no longer counts), Python's init errors went unreported until the init limit: not yet.
    public IFunctionHandler Create(FunctionDefinition definition) => new ProcessPool(Task.FromResult(Spec(definition)), ledger, loggerFactory);

    private static bool IsZip(string? code) => code is not null && code.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && File.Exists(code);

    public string? CodeDirectory(FunctionDefinition definition) => definition.CodeDirectory
        ?? (definition.Assembly is { } assembly ? Path.GetDirectoryName(Path.GetFullPath(assembly)) : null);

    internal ProcessSpec Spec(FunctionDefinition definition)
    {
        if (IsZip(definition.CodeDirectory))
            definition = definition with { CodeDirectory = CodeArchive.Extract(definition.Name, definition.CodeDirectory!, StateRoot) };
        if (!MemoryLimiter.Detected.Enforced)
            LogMemoryNotEnforced(_logger, definition.Name, definition.MemorySize, MemoryLimiter.Detected.Description);
        if (!CodeFolderIsolation.Detected.Enforced)
            LogCodeFolderWritable(_logger, definition.Name, CodeFolderIsolation.Detected.Description);
        var temp = TempDirectory(definition.Name);
        var runtime = definition.Runtime;

        if (string.Equals(runtime, "process", StringComparison.OrdinalIgnoreCase))
        {
            if (definition.Command is not { Count: > 0 })
                throw new FunctionLoadException(definition.Name, "runtime 'process' needs a command (e.g. command: [\"./bootstrap\"]).");
            var directory = definition.CodeDirectory ?? System.Environment.CurrentDirectory;
            var commandDirectory = definition.Command[0].Contains('/') ? null : ResolveOnPath(definition.Command[0]);
            return Spec(definition, definition.Command, directory, directory, temp, null, commandDirectory);
        }

        if (string.Equals(runtime, "dotnet", StringComparison.OrdinalIgnoreCase) || ManagedRuntimes.IsDotnet(runtime))
        {
            string directory;
            if (ManagedRuntimes.IsDotnet(runtime))
            {
                directory = RequireCode(definition);
                HandlerString.Parse(definition.Name, definition.Handler);
            }
            else
            {
                // Resolved now, so a wrong assembly or handler is a config error here too, not a crash later.
                loader.LoadFunctionType(definition);
                directory = Path.GetDirectoryName(Path.GetFullPath(definition.Assembly!))!;
            }

            var host = options.DotnetFunctionHost;
            if (host is null && !ManagedRuntimes.IsDotnet(runtime))
                throw new FunctionLoadException(definition.Name, "isolation 'process' needs the platform's function host, which this process does not have.");
            var spec = Spec(definition, host ?? [], directory, directory, temp, null, host is { Count: > 0 } && !host[0].Contains('/') ? ResolveOnPath(host[0]) : null);
            return host is null ? spec with { EntrypointError = $"runtime {runtime} needs the platform's .NET function host, which this process does not have." } : spec;
        }

        var code = RequireCode(definition);
        if (ManagedRuntimes.IsProvided(runtime))
        {
            // Lambda looks for /var/task/bootstrap, then /opt/bootstrap (a layer's).
            var bootstrap = new[] { code }.Concat(definition.Layers.Reverse()).Select(d => Path.Combine(d, "bootstrap")).FirstOrDefault(File.Exists)
                ?? Path.Combine(code, "bootstrap");
            return Spec(definition, [bootstrap], code, code, temp, null, null) with { BootstrapSearch = true };
        }

        // python3.x / nodejsNN.x: the platform's shim on the machine's interpreter.
        var python = ManagedRuntimes.IsPython(runtime);
        var shimDirectory = Path.Combine(options.ShimsDirectory, python ? "python" : "nodejs");
        var shim = Path.Combine(shimDirectory, python ? "bootstrap.py" : "bootstrap.mjs");
        var interpreter = interpreters.Find(runtime);
        var command = interpreter is null ? Array.Empty<string>() : [interpreter.Executable, shim];
        var managed = Spec(definition, command, code, shimDirectory, temp, interpreter, null);
        if (interpreter is null)
        {
            return managed with
            {
                EntrypointError = python
                    ? $"Runtime {runtime} needs Python: none of {runtime}, python3 or python is installed on this machine's PATH."
                    : $"Runtime {runtime} needs Node.js: neither node nor nodejs is installed on this machine's PATH.",
            };
        }

        if (!File.Exists(shim))
            return managed with { EntrypointError = $"the platform's {runtime} runtime ({shim}) is missing from its installation." };
        return managed;
    }

    private ProcessSpec Spec(FunctionDefinition definition, IReadOnlyList<string> command, string directory, string runtimeDirectory, string temp,
        Interpreter? interpreter, string? commandDirectory) =>
        new(definition.Name, command, directory, LambdaEnvironment.Build(definition, options, directory, runtimeDirectory, temp, interpreter, commandDirectory), definition.MemorySize)
        {
            ReadOnlyDirectory = directory,
            TempDirectory = temp,
        };

    private static string RequireCode(FunctionDefinition definition) =>
        definition.CodeDirectory is { } code && Directory.Exists(code)
            ? code
            : throw new FunctionLoadException(definition.Name, $"runtime '{definition.Runtime}' needs its code folder, and '{definition.CodeDirectory}' does not exist.");

    /// <summary>The function's own writable /tmp, emptied when the function is first registered here
    /// (what a previous run left is not this one's) — not when it is reconfigured, as a running
    /// invocation of the previous configuration may still use it.</summary>
    private string TempDirectory(string function)
    {
        var directory = Path.Combine(StateRoot, "functions", function, "tmp");
        if (_emptied.TryAdd(function, 0) && Directory.Exists(directory))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A process of the previous registration still writes there: keep what it wrote.
            }
        }

        Directory.CreateDirectory(directory);
        return directory;
    }

    private string StateRoot => options.StateDirectory ?? Path.Combine(Path.GetTempPath(), "platform-functions");

    private static string? ResolveOnPath(string command) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, command)));

    [LoggerMessage(EventId = 725, Level = LogLevel.Warning, Message = "{Function}: its code folder is {Isolation}; a function writing there reloads itself")]
    private static partial void LogCodeFolderWritable(ILogger logger, string function, string isolation);

    [LoggerMessage(EventId = 724, Level = LogLevel.Warning, Message = "{Function}: memory {MemorySize} MB is {Enforcement}")]
    private static partial void LogMemoryNotEnforced(ILogger logger, string function, int memorySize, string enforcement);
}
