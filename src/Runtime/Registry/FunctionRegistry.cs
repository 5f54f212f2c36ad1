using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Functions;
using Platform.Runtime.Invocation;

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
    private readonly IReadOnlyList<IFunctionHandlerFactory> _factories;
    private readonly RuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _reloadGate = new();

    internal FunctionRegistry(IEnumerable<FunctionRegistration> registrations, IEnumerable<IFunctionHandlerFactory> factories, RuntimeOptions options,
        IServiceProvider services, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        _factories = [.. factories];
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
            var factory = Factory(function.Definition);
            try
            {
                factory.ForgetCode(name);
                handler = factory.Create(function.Definition);
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

            factory.ReleasePreviousCode(name);
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
        await Task.WhenAll(_functions.Values.Select(f => f.Handler).OfType<IStoppableHandler>().Select(h => h.StopAllAsync())).ConfigureAwait(false);
    }

    /// <summary>For containers disposed synchronously (tests); stopping processes is quick.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private IFunctionHandler CreateHandler(FunctionDefinition definition) => Factory(definition).Create(definition);

    private IFunctionHandlerFactory Factory(FunctionDefinition definition) =>
        _factories.FirstOrDefault(f => f.Accepts(definition))
        ?? throw new FunctionLoadException(definition.Name,
            $"runtime '{definition.Runtime}' is not supported; use 'dotnet', 'process' or one of Lambda's runtimes: {string.Join(", ", ManagedRuntimes.All)}.");

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
        var directory = _factories.FirstOrDefault(f => f.Accepts(definition))?.CodeDirectory(definition);
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

    [LoggerMessage(EventId = 720, Level = LogLevel.Information, Message = "Reloaded the code of {Function}: new invocations run the new code")]
    private static partial void LogReloaded(ILogger logger, string function);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "Reloading the code of {Function} failed; it keeps running the previous code: {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string function, string error);
}
