using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Contracts.Functions;
using Platform.Functions;
using Microsoft.Extensions.Logging;
using Platform.Runtime.Invocation;
using Platform.Runtime.Processes;
using Platform.Runtime.Registry;

namespace Platform.Runtime;

public static partial class RuntimeServiceCollectionExtensions
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
        services.TryAddSingleton<InterpreterLocator>();
        services.TryAddSingleton(sp => ProcessGroups(sp.GetRequiredService<RuntimeOptions>(), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandlerFactory, InProcessHandlerFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFunctionHandlerFactory, ProcessHandlerFactory>());
        services.TryAddSingleton(sp => new FunctionRegistry(
            sp.GetServices<FunctionRegistration>(), sp.GetServices<IFunctionHandlerFactory>(), sp.GetRequiredService<RuntimeOptions>(), sp,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<FunctionInvoker>();
        services.TryAddSingleton<Dispatch.DispatchActivity>();
        return services;
    }

    /// <summary>The ledger of function process groups; a crashed platform's leftovers are ended
    /// here, before the registry (and so any redelivery) exists.</summary>
    private static ProcessGroupLedger ProcessGroups(RuntimeOptions options, ILoggerFactory loggerFactory)
    {
        if (options.StateDirectory is null)
            return ProcessGroupLedger.None;
        var ledger = new ProcessGroupLedger(Path.Combine(options.StateDirectory, "function-processes"));
        var ended = ledger.EndLeftovers();
        if (ended.Count > 0)
            LogLeftoversEnded(loggerFactory.CreateLogger(typeof(ProcessGroupLedger)), ended.Count, string.Join(", ", ended));
        return ledger;
    }

    [LoggerMessage(EventId = 733, Level = LogLevel.Warning,
        Message = "Ended {Count} function process group(s) left running by a previous platform that did not stop cleanly: {Functions}")]
    private static partial void LogLeftoversEnded(ILogger logger, int count, string functions);

    /// <summary>Registers a function type in code (tests, embedding). <typeparamref name="TFunction"/>
    /// implements <see cref="IFunction{TEvent,TResult}"/>; its constructor may take services.</summary>
    public static IServiceCollection AddFunction<TFunction>(this IServiceCollection services, FunctionDefinition definition)
        where TFunction : class
    {
        var handler = (IServiceProvider sp) => DotnetAssemblyLoader.CreateHandler(definition.Name, typeof(TFunction), methodName: null, sp);
        services.AddSingleton(new FunctionRegistration(definition, handler));
        return services;
    }

    /// <summary>Registers one function object (a test's fake, already built): every invocation runs on it.
    /// It implements <see cref="IFunction{TEvent,TResult}"/>.</summary>
    public static IServiceCollection AddFunction(this IServiceCollection services, FunctionDefinition definition, object instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        services.AddSingleton(new FunctionRegistration(definition,
            _ => DotnetAssemblyLoader.CreateHandler(definition.Name, instance.GetType(), methodName: null, () => instance)));
        return services;
    }

    /// <summary>Registers a raw handler: payload JSON in, result JSON (or null) out.</summary>
    public static IServiceCollection AddFunction(this IServiceCollection services, FunctionDefinition definition, Func<string, IFunctionContext, Task<string?>> handler)
    {
        services.AddSingleton(new FunctionRegistration(definition, _ => new DelegateFunctionHandler(handler)));
        return services;
    }
}
