using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Runtime;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Tests.Runtime;

/// <summary>A rebuilt in-process .NET function is loaded into a new collectible load context when
/// its files change (the context it replaces is unloaded once its running invocations let go).</summary>
public sealed class DotnetHotReloadTests
{
    [Fact]
    public async Task A_rebuilt_assembly_is_loaded_into_a_new_collectible_context_and_the_old_one_unloads()
    {
        var copy = Directory.CreateTempSubdirectory("dotnet-reload-");
        try
        {
            var source = Path.GetDirectoryName(RepositoryPaths.ObjectSummaryAssembly)!;
            foreach (var file in Directory.GetFiles(source))
                File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            await using var services = new ServiceCollection().AddPlatformRuntime().BuildServiceProvider();
            var registry = services.GetRequiredService<FunctionRegistry>();
            var loader = services.GetRequiredService<DotnetAssemblyLoader>();
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            registry.CodeReloaded += _ => reloaded.TrySetResult();
            var definition = new FunctionDefinition
            {
                Name = "reloading",
                Assembly = Path.Combine(copy.FullName, "ObjectSummary.dll"),
                Handler = "ObjectSummary::ObjectSummary.SummarizeUpload",
            };
            registry.AddOrReplace(definition);
            var before = registry.Get("reloading")!.Handler;
            var oldContext = new WeakReference(AssemblyLoadContext.GetLoadContext(loader.LoadFunctionType(definition).Assembly));

            // A build writes the assembly again.
            await File.WriteAllBytesAsync(definition.Assembly, await File.ReadAllBytesAsync(definition.Assembly));
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var after = registry.Get("reloading")!.Handler;
            var newContext = AssemblyLoadContext.GetLoadContext(loader.LoadFunctionType(definition).Assembly)!;
            Assert.NotSame(before, after);
            Assert.True(newContext.IsCollectible);
            Assert.NotSame(oldContext.Target, newContext);
            Assert.Contains(AssemblyLoadContext.All, c => c == newContext);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
