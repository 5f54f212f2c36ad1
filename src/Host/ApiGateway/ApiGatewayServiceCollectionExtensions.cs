using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Emulators.Edge;
using Platform.Emulators.State;
using Platform.Host.ApiGateway.V1;
using Platform.Host.ApiGateway.V2;

namespace Platform.Host.ApiGateway;

internal static class ApiGatewayServiceCollectionExtensions
{
    /// <summary>API Gateway: the HTTP and REST APIs' control planes and their data plane. Register it
    /// before the Lambda API and S3, whose paths an API's requests may also carry.</summary>
    public static IServiceCollection AddApiGateway(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new ApiDocumentStore<HttpApiDocument>(sp.GetRequiredService<PlatformDatabase>(), "HTTP",
            ApiGatewayJsonContext.Default.HttpApiDocument));
        services.TryAddSingleton(sp => new ApiDocumentStore<RestApiDocument>(sp.GetRequiredService<PlatformDatabase>(), "REST",
            ApiGatewayJsonContext.Default.RestApiDocument));
        services.TryAddSingleton<ExecuteApiAddress>();
        services.TryAddSingleton<HttpFunctionInvoker>();
        services.TryAddSingleton<LambdaProxy>();
        services.TryAddSingleton<DeclaredHttpApi>();
        services.TryAddSingleton<HttpApiDocuments>();
        services.TryAddSingleton<HttpApiChildOperations>();
        services.TryAddSingleton<HttpStageOperations>();
        services.TryAddSingleton<HttpApiOperations>();
        services.TryAddSingleton<RestApiOperations>();
        services.TryAddSingleton<JwtAuthorizer>();
        services.TryAddSingleton<HttpApiAuthorizers>();
        services.TryAddSingleton<HttpApiHandler>();
        services.TryAddSingleton<RestApiHandler>();
        services.TryAddSingleton<HttpRequestLog>();
        services.TryAddSingleton<ExecuteApiEdge>();
        services.TryAddSingleton<ApiGatewayControlApi>();
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<ExecuteApiEdge>());
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<ApiGatewayControlApi>());
        return services;
    }
}
