using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Emulators.Edge;

namespace Platform.Host.Lambda;

internal static class FunctionUrlServiceCollectionExtensions
{
    /// <summary>Function URLs: their API operations and the edge service that serves them (register
    /// it before the Lambda API, whose paths a function URL may also receive).</summary>
    public static IServiceCollection AddFunctionUrls(this IServiceCollection services)
    {
        services.TryAddSingleton<FunctionUrlStore>();
        services.TryAddSingleton<FunctionUrlDirectory>();
        services.TryAddSingleton<FunctionUrlOperations>();
        services.TryAddSingleton<ApiGateway.HttpFunctionInvoker>();
        services.TryAddSingleton<ApiGateway.HttpRequestLog>();
        services.TryAddSingleton<FunctionUrlEdge>();
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<FunctionUrlEdge>());
        return services;
    }
}
