using Platform.Contracts.Functions;
using Platform.Runtime.Invocation;

namespace Platform.Runtime.Processes;

/// <summary>
/// The whole environment of a function process, as Lambda builds it: the function's own variables,
/// Lambda's reserved ones, and the runtime's search paths (including its layers, Lambda's /opt) —
/// and nothing of the platform's own environment, so no secret of the shell that started the
/// platform reaches a function.
/// </summary>
internal static class LambdaEnvironment
{
    /// <summary>Lambda's fixed system folders (it adds /var/lang/bin, here the interpreter's folder).</summary>
    private static readonly string[] SystemPath = ["/usr/local/bin", "/usr/bin", "/bin"];

    /// <summary>Variables no function needs but some toolchains do to start at all (the .NET host's
    /// install location); they carry no secrets.</summary>
    private static readonly string[] PassedThrough = ["DOTNET_ROOT"];

    public static Dictionary<string, string> Build(FunctionDefinition definition, RuntimeOptions options, string taskRoot, string runtimeDir,
        string tempDir, Interpreter? interpreter, string? commandDirectory)
    {
        var environment = new Dictionary<string, string>(FunctionEnvironment.Build(definition, options), StringComparer.Ordinal)
        {
            ["_HANDLER"] = definition.Handler ?? "",
            ["LAMBDA_TASK_ROOT"] = taskRoot,
            ["LAMBDA_RUNTIME_DIR"] = runtimeDir,
            ["TZ"] = ":UTC",
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
        };
        if (ManagedRuntimes.IsManaged(definition.Runtime) && !ManagedRuntimes.IsProvided(definition.Runtime))
            environment["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + definition.Runtime;

        // Lambda's unreserved defaults: a function may set its own.
        var layers = definition.Layers.Reverse().ToList(); // a later layer overrides an earlier one, as in /opt
        string[] path =
        [
            .. layers.Select(l => Path.Combine(l, "bin")),
            .. interpreter is null ? [] : new[] { Path.GetDirectoryName(interpreter.Executable)! },
            .. commandDirectory is null ? [] : new[] { commandDirectory },
            .. SystemPath,
        ];
        environment.TryAdd("PATH", string.Join(':', path.Distinct()));
        environment.TryAdd("LANG", "en_US.UTF-8");
        environment.TryAdd("LD_LIBRARY_PATH", string.Join(':', [taskRoot, Path.Combine(taskRoot, "lib"), .. layers.Select(l => Path.Combine(l, "lib")), "/lib64", "/usr/lib64"]));
        environment.TryAdd("TMPDIR", tempDir);
        // Interpreters buffer stdout into a pipe; Lambda's own runtimes flush per line.
        environment.TryAdd("PYTHONUNBUFFERED", "1");

        if (ManagedRuntimes.IsPython(definition.Runtime))
        {
            var versions = new[] { definition.Runtime["python".Length..], interpreter?.MajorMinor }.OfType<string>().Distinct().ToList();
            environment.TryAdd("PYTHONPATH", string.Join(':', layers.SelectMany(l =>
                versions.Select(v => Path.Combine(l, "python", "lib", "python" + v, "site-packages")).Append(Path.Combine(l, "python")))
                .Append(runtimeDir)));
        }
        else if (ManagedRuntimes.IsNode(definition.Runtime))
        {
            var major = definition.Runtime["nodejs".Length..^2];
            environment.TryAdd("NODE_PATH", string.Join(':', layers.SelectMany(l => new[]
            {
                Path.Combine(l, "nodejs", "node" + major, "node_modules"),
                Path.Combine(l, "nodejs", "node_modules"),
            }).Append(taskRoot)));
        }

        foreach (var key in PassedThrough)
        {
            if (System.Environment.GetEnvironmentVariable(key) is { Length: > 0 } value)
                environment.TryAdd(key, value);
        }

        return environment;
    }
}
