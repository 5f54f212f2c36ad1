using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Emulators.Edge;
using Platform.Triggers.Mappings;

namespace Platform.Host.Lambda;

internal static class LambdaServiceCollectionExtensions
{
    /// <summary>The Lambda API as an edge service; register it before S3 (the catch-all).</summary>
    public static IServiceCollection AddLambdaApi(this IServiceCollection services)
    {
        services.TryAddSingleton<EventSourceMappingStore>();
        services.TryAddSingleton<EventInvokeConfigOverrides>();
        services.TryAddSingleton<LambdaFunctions>();
        services.TryAddSingleton<EventSourceMappingOperations>();
        services.TryAddSingleton<FunctionOperations>();
        services.TryAddSingleton<InvokeOperation>();
        services.TryAddSingleton<EventInvokeConfigOperations>();
        services.TryAddSingleton<LambdaControlStore>();
        services.TryAddSingleton<CodeArchive>();
        services.TryAddSingleton<ApiFunctionRegistrar>();
        services.TryAddSingleton<ControlPlane>();
        services.TryAddSingleton<ReservedConcurrency>();
        services.TryAddSingleton(_ => new AliasRouting());
        services.TryAddSingleton<FunctionControlOperations>();
        services.TryAddSingleton<VersionOperations>();
        services.TryAddSingleton<FunctionSettingsOperations>();
        services.TryAddSingleton<LayerOperations>();
        services.AddFunctionUrls();
        services.TryAddSingleton<LambdaApi>();
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<LambdaApi>());
        return services;
    }
}
