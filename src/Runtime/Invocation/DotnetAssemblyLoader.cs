using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Functions;
using Platform.Runtime.Registry;

namespace Platform.Runtime.Invocation;

/// <summary>
/// Loads .NET functions from built assemblies named in configuration, each function in its own
/// load context so its dependencies (AWSSDK.S3, …) come from its own output folder.
/// </summary>
public sealed class DotnetAssemblyLoader(IServiceProvider services)
{
    // Keyed by the file's write time too: a config reload after a rebuild loads the new build,
    // an unchanged assembly is not loaded twice.
    private readonly ConcurrentDictionary<(string Function, string Path, DateTime Written), Assembly> _assemblies = new();

    // Per function, the load contexts of the code it ran before the current one: unloaded once a
    // reload made a newer one current (running invocations keep theirs alive until they finish).
    private readonly ConcurrentDictionary<string, List<FunctionLoadContext>> _contexts = new(StringComparer.Ordinal);

    /// <summary>Hot reload: the next load of the function reads its files again.</summary>
    internal void Forget(string function)
    {
        foreach (var key in _assemblies.Keys.Where(k => k.Function == function))
            _assemblies.TryRemove(key, out _);
    }

    /// <summary>Unloads every load context of the function but the newest.</summary>
    internal void UnloadPrevious(string function)
    {
        if (!_contexts.TryGetValue(function, out var contexts))
            return;
        lock (contexts)
        {
            foreach (var old in contexts.Take(contexts.Count - 1))
                old.Unload();
            contexts.RemoveRange(0, Math.Max(0, contexts.Count - 1));
        }
    }

    /// <summary>Loads the function's assembly and returns the type its handler names.</summary>
    /// <exception cref="FunctionLoadException">The file, type or handler is wrong; the message names the function.</exception>
    public Type LoadFunctionType(FunctionDefinition definition)
    {
        var handler = HandlerString.Parse(definition.Name, definition.Handler);
        var assembly = LoadAssembly(definition, handler);
        Type? type;
        try
        {
            type = assembly.GetType(handler.TypeName, throwOnError: false);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new FunctionLoadException(definition.Name, $"type '{handler.TypeName}' needs an assembly that could not be loaded: {e.Message}", e);
        }

        return type ?? throw new FunctionLoadException(definition.Name,
            $"type '{handler.TypeName}' was not found in '{Path.GetFullPath(definition.Assembly!)}'. Public types there: "
            + string.Join(", ", PublicTypeNames(assembly).Take(10)) + ".");
    }

    internal IFunctionHandler CreateHandler(FunctionDefinition definition) =>
        CreateHandler(definition.Name, LoadFunctionType(definition), HandlerString.Parse(definition.Name, definition.Handler).MethodName, services);

    /// <summary>A handler for a function type: its <c>IFunction&lt;,&gt;</c>, or the named method.</summary>
    internal static IFunctionHandler CreateHandler(string functionName, Type type, string? methodName, IServiceProvider services) =>
        CreateHandler(functionName, type, methodName, () => Construct(functionName, type, services));

    /// <summary>A handler whose function object comes from <paramref name="create"/> (one instance: a test's fake).</summary>
    internal static IFunctionHandler CreateHandler(string functionName, Type type, string? methodName, Func<object> create)
    {
        if (type.IsAbstract && !(type.IsSealed && methodName is not null))
            throw new FunctionLoadException(functionName, $"type '{type.FullName}' is abstract or an interface; name a concrete class.");

        if (methodName is not null && methodName != nameof(IFunction<object, object>.HandleAsync))
            return MethodFunctionHandler.Create(functionName, type, methodName, create);

        var interfaces = type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IFunction<,>))
            .ToList();
        if (interfaces.Count != 1)
            throw new FunctionLoadException(functionName, interfaces.Count == 0
                ? $"type '{type.FullName}' does not implement Platform.Functions.IFunction<TEvent, TResult>"
                  + (ImplementsForeignIFunction(type) ? " of the host's Platform.Functions (the function ships its own copy: reference Platform.Functions with Private=\"false\" ExcludeAssets=\"runtime\")." : "; implement it, or name a method with 'Assembly::Type::Method'.")
                : $"type '{type.FullName}' implements IFunction<,> {interfaces.Count} times; name the method to use with 'Assembly::Type::Method'.");

        var arguments = interfaces[0].GetGenericArguments();
        var handlerType = typeof(TypedFunctionHandler<,>).MakeGenericType(arguments);
        return (IFunctionHandler)Activator.CreateInstance(handlerType, create)!;
    }

    private static object Construct(string functionName, Type type, IServiceProvider services)
    {
        try
        {
            return ActivatorUtilities.CreateInstance(services, type);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        catch (InvalidOperationException e) when (e.Source == "Microsoft.Extensions.DependencyInjection.Abstractions")
        {
            throw new FunctionLoadException(functionName, $"cannot construct '{type.FullName}': {e.Message}", e);
        }
    }

    private Assembly LoadAssembly(FunctionDefinition definition, HandlerString handler)
    {
        if (string.IsNullOrWhiteSpace(definition.Assembly))
            throw new FunctionLoadException(definition.Name, "no assembly is configured; set 'assembly' to the built .dll (e.g. bin/function/MyFunction.dll).");
        var path = Path.GetFullPath(definition.Assembly);
        if (!File.Exists(path))
            throw new FunctionLoadException(definition.Name, $"assembly '{path}' does not exist; build the function (dotnet build) or fix the path.");
        var fileName = Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(fileName, handler.AssemblyName, StringComparison.OrdinalIgnoreCase))
            throw new FunctionLoadException(definition.Name, $"the handler names assembly '{handler.AssemblyName}' but the configured assembly is '{fileName}' ({path}).");

        return _assemblies.GetOrAdd((definition.Name, path, File.GetLastWriteTimeUtc(path)), key =>
        {
            try
            {
                var context = new FunctionLoadContext(key.Function, key.Path);
                var contexts = _contexts.GetOrAdd(key.Function, _ => []);
                lock (contexts)
                    contexts.Add(context);
                // From a copy in memory, not the file: a build replacing the file while it is
                // loaded then neither fails nor changes the code that runs.
                using var image = new MemoryStream(File.ReadAllBytes(key.Path));
                var pdb = Path.ChangeExtension(key.Path, ".pdb");
                using var symbols = File.Exists(pdb) ? new MemoryStream(File.ReadAllBytes(pdb)) : null;
                return context.LoadFromStream(image, symbols);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
            {
                throw new FunctionLoadException(definition.Name, $"'{key.Path}' is not a loadable .NET assembly: {e.Message}", e);
            }
        });
    }

    private static bool ImplementsForeignIFunction(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition().FullName == typeof(IFunction<,>).FullName);

    private static IEnumerable<string> PublicTypeNames(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes().Select(t => t.FullName ?? t.Name);
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>().Select(t => t.FullName ?? t.Name);
        }
    }
}
