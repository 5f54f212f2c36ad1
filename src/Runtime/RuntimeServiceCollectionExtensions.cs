using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Contracts.Functions;
using Platform.Functions;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Runtime;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>The registry, the .NET assembly loader and the invoker. Add configured functions
    /// afterwards with <see cref="FunctionRegistry.AddOrReplace"/>; the bus side is
    /// <c>AddFunctionConsumers</c> / <c>ConfigureFunctionEndpoints</c>.</summary>
    public static IServiceCollection AddPlatformRuntime(this IServiceCollection services, RuntimeOptions? options = null)
    {
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options ?? new RuntimeOptions());
        services.TryAddSingleton(sp => new DotnetAssemblyLoader(sp));
        services.TryAddSingleton(sp => new FunctionRegistry(
            sp.GetServices<FunctionRegistration>(), sp.GetRequiredService<DotnetAssemblyLoader>(), sp.GetRequiredService<RuntimeOptions>(), sp,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.TryAddSingleton<FunctionInvoker>();
        services.TryAddSingleton<Dispatch.DispatchActivity>();
        return services;
    }

    /// <summary>Registers a function type in code (tests, embedding). <typeparamref name="TFunction"/>
    /// implements <see cref="IFunction{TEvent,TResult}"/>; its constructor may take services.</summary>
    public static IServiceCollection AddFunction<TFunction>(this IServiceCollection services, FunctionDefinition definition)
        where TFunction : class
    {
        var handler = (IServiceProvider sp) => DotnetAssemblyLoader.CreateHandler(definition.Name, typeof(TFunction), methodName: null, sp);
        services.AddSingleton(new FunctionRegistration(definition, handler));
        return services;
    }

    /// <summary>Registers a raw handler: payload JSON in, result JSON (or null) out.</summary>
    public static IServiceCollection AddFunction(this IServiceCollection services, FunctionDefinition definition, Func<string, IFunctionContext, Task<string?>> handler)
    {
        services.AddSingleton(new FunctionRegistration(definition, _ => new DelegateFunctionHandler(handler)));
        return services;
    }
}
