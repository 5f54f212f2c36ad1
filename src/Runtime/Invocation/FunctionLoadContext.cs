using System.Reflection;
using System.Runtime.Loader;

namespace Platform.Runtime.Invocation;

/// <summary>
/// Loads a function's assembly and its private dependencies (resolved through its .deps.json),
/// while the contract assemblies — Platform.Functions and the abstractions it exposes — always come
/// from the host, so <c>IFunction&lt;,&gt;</c>, <c>IFunctionContext</c> and <c>ILogger</c> are the
/// same types on both sides. Any other assembly the host already has, at the same or a newer
/// version, is shared too: one copy of the framework, and a function that needs a newer library
/// than the host gets its own. Collectible, so a hot reload can unload the code it replaced.
/// </summary>
internal sealed class FunctionLoadContext(string functionName, string assemblyPath)
    : AssemblyLoadContext($"function:{functionName}", isCollectible: true)
{
    // Type identity across the boundary depends on these being the host's copies.
    private static readonly HashSet<string> AlwaysShared = new(StringComparer.OrdinalIgnoreCase)
    {
        "Platform.Functions",
        "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.DependencyInjection.Abstractions",
    };

    private static readonly Lazy<Dictionary<string, string>> HostAssemblies = new(ReadTrustedPlatformAssemblies);

    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName))
            return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        // Dependencies from their files (their Location stays meaningful); only the function's own
        // assembly, what a rebuild changes, is loaded from a copy in memory (DotnetAssemblyLoader).
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static bool IsShared(AssemblyName name)
    {
        if (name.Name is null)
            return false;
        if (AlwaysShared.Contains(name.Name))
            return true;
        if (Default.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase)) is { } loaded)
            return IsAtLeast(loaded.GetName().Version, name.Version);
        if (HostAssemblies.Value.TryGetValue(name.Name, out var hostPath))
            return IsAtLeast(AssemblyName.GetAssemblyName(hostPath).Version, name.Version);
        return false;
    }

    private static bool IsAtLeast(Version? host, Version? wanted) => wanted is null || (host is not null && host >= wanted);

    private static Dictionary<string, string> ReadTrustedPlatformAssemblies()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            map.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        return map;
    }
}
