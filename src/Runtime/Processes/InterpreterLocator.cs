using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Platform.Runtime.Processes;

/// <summary>
/// Finds the Python or Node.js a managed runtime runs with: the exact version when it is installed
/// (<c>python3.12</c> on PATH), else the machine's <c>python3</c> / <c>node</c>, and says which it
/// got. Each candidate is asked for its real executable and version once (cached per runtime).
/// </summary>
internal sealed partial class InterpreterLocator(RuntimeOptions options, ILogger<InterpreterLocator> logger)
{
    private const string PythonProbe =
        "import sys, importlib.util; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3]); print(importlib.util.find_spec('boto3') is not None)";
    private const string NodeProbe = "console.log(process.execPath); console.log(process.versions.node)";

    private readonly ConcurrentDictionary<string, Interpreter?> _found = new(StringComparer.Ordinal);

    /// <summary>The interpreter for <paramref name="runtime"/> (python3.x or nodejsNN.x), or null when none is installed.</summary>
    public Interpreter? Find(string runtime) => _found.GetOrAdd(runtime, Locate);

    private Interpreter? Locate(string runtime)
    {
        var python = ManagedRuntimes.IsPython(runtime);
        var wanted = python ? runtime["python".Length..] : runtime["nodejs".Length..^2];
        string[] candidates = python ? [runtime, .. options.InterpreterSearchPath is null ? PyenvInstalls(runtime) : [], "python3", "python"] : ["node" + wanted, "node", "nodejs"];
        // Lambda's Python runtimes include boto3, and functions rely on it: an interpreter with boto3
        // is preferred to one of the exact version without it.
        // The candidates are asked at once: each answer is an interpreter start (a pyenv shim alone
        // costs ~100 ms), and asking one after the other put them all on the platform's start-up.
        var distinct = candidates.Distinct().ToArray();
        var found = distinct.AsParallel().AsOrdered().WithDegreeOfParallelism(distinct.Length)
            .Select(c => Probe(c, python ? ["-c", PythonProbe] : ["-e", NodeProbe]))
            .OfType<Interpreter>()
            .DistinctBy(i => i.Executable)
            .Select(i => (Interpreter: i, Exact: python ? i.MajorMinor == wanted : i.MajorVersion == wanted))
            .ToList();
        var best = found.OrderByDescending(f => f.Interpreter.HasSdk).ThenByDescending(f => f.Exact).FirstOrDefault();
        if (best.Interpreter is { } interpreter)
        {
            if (best.Exact)
                LogFound(logger, runtime, interpreter.Executable, interpreter.Version);
            else
                LogSubstitute(logger, runtime, interpreter.Executable, interpreter.Version,
                    found.Any(f => f.Exact) ? " (the exact version installed here lacks boto3, which Lambda's runtime includes)" : "");
            return interpreter;
        }

        LogMissing(logger, runtime, string.Join(", ", candidates));
        return null;
    }

    /// <summary>pyenv keeps versions that are installed but not selected out of PATH (its shim then
    /// refuses to run them): look there too, for the exact version.</summary>
    private static IEnumerable<string> PyenvInstalls(string runtime)
    {
        var root = Environment.GetEnvironmentVariable("PYENV_ROOT")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv");
        var versions = Path.Combine(root, "versions");
        return Directory.Exists(versions)
            ? Directory.GetDirectories(versions).Select(v => Path.Combine(v, "bin", runtime)).Where(File.Exists).Order(StringComparer.Ordinal)
            : [];
    }

    private Interpreter? Probe(string command, string[] arguments)
    {
        var folders = options.InterpreterSearchPath
            ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var path = command.Contains('/') ? (File.Exists(command) ? command : null) : folders
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
        if (path is null)
            return null;
        try
        {
            var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return process.ExitCode == 0 && lines.Length >= 2 && File.Exists(lines[0])
                ? new Interpreter(lines[0], lines[1]) { HasSdk = lines.Length < 3 || lines[2] == "True" }
                : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 730, Level = LogLevel.Information, Message = "Runtime {Runtime} runs with {Executable} (version {Version})")]
    private static partial void LogFound(ILogger logger, string runtime, string executable, string version);

    [LoggerMessage(EventId = 731, Level = LogLevel.Warning, Message = "Runtime {Runtime} runs with {Executable} (version {Version}) instead of its exact version{Reason}")]
    private static partial void LogSubstitute(ILogger logger, string runtime, string executable, string version, string reason);

    [LoggerMessage(EventId = 732, Level = LogLevel.Error, Message = "Runtime {Runtime} cannot run here: none of {Candidates} is installed; its functions fail with Runtime.InvalidEntrypoint")]
    private static partial void LogMissing(ILogger logger, string runtime, string candidates);
}
