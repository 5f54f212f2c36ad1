using Microsoft.Extensions.DependencyInjection;
using Platform.Host.Composition;
using Platform.Host.Configuration;

namespace Platform.Host.ApiGateway.V2;

/// <summary>
/// The one HTTP API platform.yaml declares through `http:` triggers, with the fixed id
/// <see cref="Id"/>: a route per trigger, an AWS_PROXY integration (payload 2.0) per function and a
/// <c>$default</c> stage. Built from the current configuration (so a reload changes it), never
/// stored, read-only through the API — as function URLs declared by `url:`.
/// </summary>
internal sealed class DeclaredHttpApi(TimeProvider time, IServiceProvider services)
{
    /// <summary>Its API id: <c>http://127.0.0.1:4566/_aws/execute-api/yamlroutes/$default/…</c> or <c>http://yamlroutes.execute-api.localhost:4566/…</c>.</summary>
    public const string Id = "yamlroutes";

    private readonly DateTime _started = time.GetUtcNow().UtcDateTime;
    private (PlatformConfig? Config, HttpApiDocument? Document) _built;

    public HttpApiDocument? Document
    {
        get
        {
            var config = services.GetService<CurrentPlatformConfig>()?.Value ?? services.GetService<PlatformConfig>();
            var built = _built;
            if (ReferenceEquals(built.Config, config))
                return built.Document;
            var document = config is { HttpRoutes.Count: > 0 } ? Build(config) : null;
            _built = (config, document);
            return document;
        }
    }

    private HttpApiDocument Build(PlatformConfig config)
    {
        var integrations = config.HttpRoutes.Select(r => r.Function).Distinct(StringComparer.Ordinal).Select(function => new HttpIntegration
        {
            ApiGatewayManaged = true,
            IntegrationId = Key(function),
            IntegrationMethod = "POST",
            IntegrationType = "AWS_PROXY",
            IntegrationUri = $"arn:aws:lambda:{config.Region}:{config.AccountId}:function:{function}",
            PayloadFormatVersion = "2.0",
        }).ToList();
        var routes = config.HttpRoutes.Select(r => new HttpRoute
        {
            ApiGatewayManaged = true,
            RouteId = Key(r.RouteKey),
            RouteKey = r.RouteKey,
            Target = "integrations/" + Key(r.Function),
        }).ToList();
        const string deployment = "yaml00";
        return new HttpApiDocument
        {
            Api = new HttpApi { ApiId = Id, Name = "platform-yaml", CreatedDate = _started, Description = "The routes of platform.yaml's http: triggers" },
            Routes = routes,
            Integrations = integrations,
            Stages = [new HttpStage { StageName = "$default", AutoDeploy = true, ApiGatewayManaged = true, CreatedDate = _started, LastUpdatedDate = _started,
                DeploymentId = deployment }],
            Deployments = [new HttpDeployment { DeploymentId = deployment, AutoDeployed = true, CreatedDate = _started }],
            Snapshots = new() { [deployment] = new HttpDeploymentSnapshot { Routes = routes, Integrations = integrations } },
            Declared = true,
        };
    }

    // Ids stay the same across restarts and reloads: derived from what they name.
    private static string Key(string name) => ApiGatewayIds.Derived("platform.yaml:" + name, 7);
}
