using System.Collections.Concurrent;
using Platform.Contracts.Functions;
using Platform.Runtime.Invocation;

namespace Platform.Runtime.Registry;

/// <summary>
/// The functions this process can run, by name: those registered in code (AddFunction) and those
/// the host adds from configuration (<see cref="AddOrReplace"/>), which loads their assemblies.
/// </summary>
public sealed class FunctionRegistry
{
    private readonly ConcurrentDictionary<string, RegisteredFunction> _functions = new(StringComparer.Ordinal);
    private readonly DotnetAssemblyLoader _loader;
    private readonly RuntimeOptions _options;

    internal FunctionRegistry(IEnumerable<FunctionRegistration> registrations, DotnetAssemblyLoader loader, RuntimeOptions options, IServiceProvider services)
    {
        _loader = loader;
        _options = options;
        foreach (var registration in registrations)
            Put(registration.Definition, registration.CreateHandler(services));
    }

    public IReadOnlyCollection<FunctionDefinition> Definitions => [.. _functions.Values.Select(f => f.Definition)];

    public bool Contains(string name) => _functions.ContainsKey(name);

    public FunctionDefinition? Find(string name) => _functions.TryGetValue(name, out var f) ? f.Definition : null;

    /// <summary>
    /// Adds a configured function, or replaces the one of the same name (config reload). A .NET
    /// function's assembly is loaded and its handler resolved now, so a bad configuration fails at
    /// start rather than at the first event.
    /// </summary>
    /// <exception cref="FunctionLoadException">The assembly, type or runtime is wrong; the message names the function.</exception>
    public void AddOrReplace(FunctionDefinition definition)
    {
        if (!string.Equals(definition.Runtime, "dotnet", StringComparison.OrdinalIgnoreCase))
            throw new FunctionLoadException(definition.Name, $"runtime '{definition.Runtime}' is not supported; use 'dotnet'.");
        Put(definition, _loader.CreateHandler(definition));
    }

    public bool Remove(string name) => _functions.TryRemove(name, out _);

    internal RegisteredFunction? Get(string name) => _functions.GetValueOrDefault(name);

    private void Put(FunctionDefinition definition, IFunctionHandler handler)
    {
        if (definition.Concurrency < 1)
            throw new FunctionLoadException(definition.Name, $"concurrency must be at least 1 (it is {definition.Concurrency}).");
        if (definition.Timeout <= TimeSpan.Zero)
            throw new FunctionLoadException(definition.Name, $"timeout must be positive (it is {definition.Timeout}).");
        _functions[definition.Name] = new RegisteredFunction(definition, handler, FunctionEnvironment.Build(definition, _options));
    }
}
