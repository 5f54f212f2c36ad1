using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Functions;
using Platform.Runtime.Invocation;
using Platform.Runtime.RuntimeApi;

namespace Platform.Runtime.Registry;

/// <summary>
/// The functions this process can run, by name: those registered in code (AddFunction) and those
/// the host adds from configuration (<see cref="AddOrReplace"/>), which loads their code — and
/// loads it again when its files change (hot reload), without a restart.
/// </summary>
public sealed partial class FunctionRegistry : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, RegisteredFunction> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FunctionCodeWatcher> _watchers = new(StringComparer.Ordinal);
    private readonly DotnetAssemblyLoader _loader;
    private readonly RuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _reloadGate = new();

    internal FunctionRegistry(IEnumerable<FunctionRegistration> registrations, DotnetAssemblyLoader loader, RuntimeOptions options, IServiceProvider services,
        TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        _loader = loader;
        _options = options;
        _time = time ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<FunctionRegistry>();
        foreach (var registration in registrations)
            Put(registration.Definition, registration.CreateHandler(services));
    }

    public IReadOnlyCollection<FunctionDefinition> Definitions => [.. _functions.Values.Select(f => f.Definition)];

    public bool Contains(string name) => _functions.ContainsKey(name);

    public FunctionDefinition? Find(string name) => _functions.TryGetValue(name, out var f) ? f.Definition : null;

    /// <summary>Raised after a function's code was reloaded (its files changed), with its name.</summary>
    public event Action<string>? CodeReloaded;

    /// <summary>
    /// Adds a configured function, or replaces the one of the same name (config reload). A .NET
    /// function's assembly is loaded and its handler resolved now, so a bad configuration fails at
    /// start rather than at the first event; a process function's command must exist.
    /// </summary>
    /// <exception cref="FunctionLoadException">The assembly, type, command or runtime is wrong; the message names the function.</exception>
    public void AddOrReplace(FunctionDefinition definition)
    {
        var handler = CreateHandler(definition);
        Put(definition, handler);
        Watch(definition);
    }

    public bool Remove(string name)
    {
        if (_watchers.TryRemove(name, out var watcher))
            watcher.Dispose();
        if (!_functions.TryRemove(name, out var removed))
            return false;
        Retire(removed);
        return true;
    }

    /// <summary>Loads the function's code again: later invocations run the new code, running ones
    /// finish on the old. A load failure (a half-written build) keeps the old code and is logged.</summary>
    public async Task ReloadCodeAsync(string name, CancellationToken cancellationToken)
    {
        if (!_functions.TryGetValue(name, out var function))
            return;
        if (function.Handler is ICodeReloadable reloadable)
        {
            await reloadable.ReloadCodeAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            IFunctionHandler handler;
            try
            {
                _loader.Forget(name);
                handler = CreateHandler(function.Definition);
            }
            catch (FunctionLoadException e)
            {
                LogReloadFailed(_logger, name, e.Message);
                return;
            }

            lock (_reloadGate)
            {
                // A config reload may have replaced it meanwhile; that one wins.
                if (!_functions.TryGetValue(name, out var current) || current != function)
                    return;
                _functions[name] = function with { Handler = handler };
            }

            _loader.UnloadPrevious(name);
        }

        LogReloaded(_logger, name);
        CodeReloaded?.Invoke(name);
    }

    internal RegisteredFunction? Get(string name) => _functions.GetValueOrDefault(name);

    public async ValueTask DisposeAsync()
    {
        foreach (var watcher in _watchers.Values)
            watcher.Dispose();
        _watchers.Clear();
        // The platform stops: every function process goes, busy or not (their invocations are
        // redelivered after a restart, as nothing acknowledged them).
        await Task.WhenAll(_functions.Values.Select(f => f.Handler).OfType<ProcessFunctionHandler>().Select(h => h.StopAllAsync())).ConfigureAwait(false);
    }

    /// <summary>For containers disposed synchronously (tests); stopping processes is quick.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private IFunctionHandler CreateHandler(FunctionDefinition definition)
    {
        if (string.Equals(definition.Runtime, "process", StringComparison.OrdinalIgnoreCase))
        {
            if (definition.Command is not { Count: > 0 })
                throw new FunctionLoadException(definition.Name, "runtime 'process' needs a command (e.g. command: [\"./bootstrap\"]).");
            return new ProcessFunctionHandler(ProcessSpec(definition, definition.Command, definition.CodeDirectory ?? System.Environment.CurrentDirectory), _loggerFactory);
        }

        if (definition.Runtime is "provided.al2" or "provided.al2023" or "provided")
        {
            // Lambda's OS-only runtimes: the code folder's own `bootstrap` is the runtime.
            var code = definition.CodeDirectory
                ?? throw new FunctionLoadException(definition.Name, $"runtime '{definition.Runtime}' needs a code folder holding its bootstrap.");
            return new ProcessFunctionHandler(ProcessSpec(definition, [Path.Combine(code, "bootstrap")], code) with { BootstrapSearch = true }, _loggerFactory);
        }

        if (!string.Equals(definition.Runtime, "dotnet", StringComparison.OrdinalIgnoreCase))
            throw new FunctionLoadException(definition.Name, $"runtime '{definition.Runtime}' is not supported; use 'dotnet' or 'process'.");

        if (string.Equals(definition.Isolation, "process", StringComparison.OrdinalIgnoreCase))
        {
            // Resolved now, so a wrong assembly or handler is a config error here too, not a crash later.
            _loader.LoadFunctionType(definition);
            var host = _options.DotnetFunctionHost
                ?? throw new FunctionLoadException(definition.Name, "isolation 'process' needs the platform's function host, which this process does not have.");
            return new ProcessFunctionHandler(ProcessSpec(definition, host, Path.GetDirectoryName(Path.GetFullPath(definition.Assembly!))!), _loggerFactory);
        }

        return _loader.CreateHandler(definition);
    }

    private SandboxSpec ProcessSpec(FunctionDefinition definition, IReadOnlyList<string> command, string directory)
    {
        var environment = new Dictionary<string, string>(FunctionEnvironment.Build(definition, _options), StringComparer.Ordinal)
        {
            ["_HANDLER"] = definition.Handler ?? "",
            ["LAMBDA_TASK_ROOT"] = directory,
            ["LAMBDA_RUNTIME_DIR"] = directory,
            ["TZ"] = ":UTC",
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
        };
        if (!MemoryLimiter.Detected.Enforced)
            LogMemoryNotEnforced(_logger, definition.Name, definition.MemorySize, MemoryLimiter.Detected.Description);
        // Interpreters buffer stdout into a pipe; Lambda's own runtimes flush per line.
        environment.TryAdd("PYTHONUNBUFFERED", "1");
        return new SandboxSpec(definition.Name, command, directory, environment, definition.MemorySize);
    }

    private void Put(FunctionDefinition definition, IFunctionHandler handler)
    {
        if (definition.Concurrency < 1)
            throw new FunctionLoadException(definition.Name, $"concurrency must be at least 1 (it is {definition.Concurrency}).");
        if (definition.Timeout <= TimeSpan.Zero)
            throw new FunctionLoadException(definition.Name, $"timeout must be positive (it is {definition.Timeout}).");
        RegisteredFunction? previous;
        lock (_reloadGate)
        {
            _functions.TryGetValue(definition.Name, out previous);
            _functions[definition.Name] = new RegisteredFunction(definition, handler, FunctionEnvironment.Build(definition, _options));
        }

        if (previous is not null && previous.Handler != handler)
            Retire(previous);
    }

    private static void Retire(RegisteredFunction function)
    {
        // Running invocations hold their own reference and finish; only warm processes stop now.
        if (function.Handler is IAsyncDisposable disposable)
            _ = disposable.DisposeAsync().AsTask();
    }

    private void Watch(FunctionDefinition definition)
    {
        if (!_options.WatchFunctionCode)
            return;
        var directory = definition.CodeDirectory
            ?? (definition.Assembly is { } assembly ? Path.GetDirectoryName(Path.GetFullPath(assembly)) : null);
        if (directory is null || !Directory.Exists(directory))
            return;
        if (_watchers.TryGetValue(definition.Name, out var existing) && existing.Directory == directory)
            return;
        var watcher = FunctionCodeWatcher.TryStart(definition.Name, directory, _options.WatchIgnore, _time, name => ReloadCodeAsync(name, CancellationToken.None), _logger);
        if (watcher is null)
            return;
        if (_watchers.TryGetValue(definition.Name, out var old))
            old.Dispose();
        _watchers[definition.Name] = watcher;
    }

    [LoggerMessage(EventId = 724, Level = LogLevel.Warning, Message = "{Function}: memory {MemorySize} MB is {Enforcement}")]
    private static partial void LogMemoryNotEnforced(ILogger logger, string function, int memorySize, string enforcement);

    [LoggerMessage(EventId = 720, Level = LogLevel.Information, Message = "Reloaded the code of {Function}: new invocations run the new code")]
    private static partial void LogReloaded(ILogger logger, string function);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "Reloading the code of {Function} failed; it keeps running the previous code: {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string function, string error);
}
