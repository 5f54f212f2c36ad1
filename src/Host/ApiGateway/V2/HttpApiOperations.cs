using Platform.Host.ApiGateway.V1;

namespace Platform.Host.ApiGateway.V2;

/// <summary>
/// apigatewayv2's operations on HTTP APIs themselves (Create incl. quick create, Get, GetApis,
/// Update, Delete, DeleteCorsConfiguration), routing the rest to the operations on what an API
/// holds. Every change to what a stage serves redeploys the stages that auto-deploy.
/// </summary>
internal sealed class HttpApiOperations(
    HttpApiDocuments documents,
    ApiDocumentStore<RestApiDocument> restApis,
    HttpApiChildOperations children,
    HttpStageOperations stages,
    ExecuteApiAddress address)
{
    public Task RouteAsync(ApiGatewayRequest request)
    {
        var s = request.Segments;
        return (s, request.Method) switch
        {
            (["v2", "apis"], "POST") => CreateAsync(request),
            (["v2", "apis"], "GET") => request.WriteItemsAsync(documents.All.Select(d => Answer(d.Api, request))
                .OrderBy(a => a.CreatedDate), ApiGatewayJsonContext.Default.HttpApi),
            (["v2", "apis", var id], "GET") => request.WriteAsync(200, Answer(Find(id).Api, request), ApiGatewayJsonContext.Default.HttpApi),
            (["v2", "apis", var id], "PATCH") => UpdateAsync(request, id),
            (["v2", "apis", var id], "DELETE") => DeleteAsync(request, id),
            (["v2", "apis", var id, "cors"], "DELETE") => DeleteCorsAsync(request, id),
            (["v2", "apis", var id, "routes" or "integrations" or "authorizers", ..], _) => children.RouteAsync(request, id),
            (["v2", "apis", var id, "stages" or "deployments", ..], _) => stages.RouteAsync(request, id),
            _ => throw ApiGatewayException.NotFound("Unable to find the resource at " + request.Context.Request.Path),
        };
    }

    private async Task CreateAsync(ApiGatewayRequest request)
    {
        var api = request.Read(ApiGatewayJsonContext.Default.HttpApi);
        if (string.IsNullOrEmpty(api.Name))
            throw ApiGatewayException.BadRequest("Name is a required parameter");
        if (api.Name.Length > 128)
            throw ApiGatewayException.BadRequest("Name must be between 1 and 128 characters");
        if (api.ProtocolType != "HTTP")
        {
            throw ApiGatewayException.BadRequest(api.ProtocolType == "WEBSOCKET"
                ? "WebSocket APIs are not supported by this platform; only HTTP APIs (and REST APIs through apigateway)."
                : "Invalid protocol type specified, must be one of: [HTTP, WEBSOCKET]");
        }
        HttpApiValidation.Cors(api.CorsConfiguration);
        string id;
        do
            id = ApiGatewayIds.New(10);
        while (documents.Store.Contains(id) || restApis.Contains(id));
        var now = Now();
        var document = new HttpApiDocument
        {
            Api = api with { ApiId = id, CreatedDate = now, ApiEndpoint = null, ApiGatewayManaged = null, RouteSelectionExpression = "$request.method $request.path" },
        };
        var target = request.Body.TryGetProperty("target", out var t) ? t.GetString() : null;
        var routeKey = request.Body.TryGetProperty("routeKey", out var k) ? k.GetString() : null;
        if (routeKey is not null && target is null)
            throw ApiGatewayException.BadRequest("RouteKey can only be specified with Target (quick create).");
        if (target is not null)
            document = QuickCreate(document, target, routeKey ?? RouteKey.Default, now);
        await documents.Store.ChangeAsync(id, _ => (document, true), request.Aborted).ConfigureAwait(false);
        await request.WriteAsync(201, Answer(document.Api, request), ApiGatewayJsonContext.Default.HttpApi).ConfigureAwait(false);
    }

    /// <summary>Quick create, as AWS: an AWS_PROXY integration (payload 2.0) to the target, a route
    /// (<c>$default</c> unless RouteKey says otherwise) and a <c>$default</c> stage that auto-deploys —
    /// all three managed by API Gateway. The function's permission is not added (see docs/http-apis.md).</summary>
    private static HttpApiDocument QuickCreate(HttpApiDocument document, string target, string routeKey, DateTime now)
    {
        HttpApiValidation.IntegrationUri(target);
        if (RouteKey.Parse(routeKey) is null)
            throw ApiGatewayException.BadRequest(HttpApiValidation.InvalidRouteKey(routeKey));
        var integration = new HttpIntegration
        {
            ApiGatewayManaged = true,
            IntegrationId = ApiGatewayIds.New(7),
            IntegrationMethod = "POST",
            IntegrationType = "AWS_PROXY",
            IntegrationUri = target,
            PayloadFormatVersion = "2.0",
        };
        var route = new HttpRoute
        {
            ApiGatewayManaged = true,
            RouteId = ApiGatewayIds.New(7),
            RouteKey = routeKey,
            Target = "integrations/" + integration.IntegrationId,
        };
        var stage = new HttpStage
        {
            ApiGatewayManaged = true,
            AutoDeploy = true,
            CreatedDate = now,
            LastUpdatedDate = now,
            StageName = RouteKey.Default,
        };
        return HttpDeployer.AutoDeploy(document with { Routes = [route], Integrations = [integration], Stages = [stage] }, now);
    }

    private async Task UpdateAsync(ApiGatewayRequest request, string id)
    {
        var updated = await ChangeAsync(request, id, d =>
        {
            var api = request.Patch(d.Api, ApiGatewayJsonContext.Default.HttpApi, "apiId", "createdDate", "apiEndpoint", "apiGatewayManaged", "protocolType");
            HttpApiValidation.Cors(api.CorsConfiguration);
            if (string.IsNullOrEmpty(api.Name))
                throw ApiGatewayException.BadRequest("Name must be between 1 and 128 characters");
            return (d with { Api = api }, api);
        }).ConfigureAwait(false);
        await request.WriteAsync(200, Answer(updated, request), ApiGatewayJsonContext.Default.HttpApi).ConfigureAwait(false);
    }

    private async Task DeleteAsync(ApiGatewayRequest request, string id)
    {
        if (Find(id).Declared)
            throw HttpApiDocuments.Declared(id);
        await documents.Store.ChangeAsync(id, _ => ((HttpApiDocument?)null, true), request.Aborted).ConfigureAwait(false);
        request.NoContent();
    }

    private async Task DeleteCorsAsync(ApiGatewayRequest request, string id)
    {
        await ChangeAsync(request, id, d => (d with { Api = d.Api with { CorsConfiguration = null } }, true)).ConfigureAwait(false);
        request.NoContent();
    }

    private Task<T> ChangeAsync<T>(ApiGatewayRequest request, string id, Func<HttpApiDocument, (HttpApiDocument, T)> change) =>
        documents.ChangeAsync(request, id, false, change);

    private HttpApiDocument Find(string id) => documents.Find(id);

    private HttpApi Answer(HttpApi api, ApiGatewayRequest request) =>
        api with { ApiEndpoint = address.HostBased(api.ApiId, request.Context.Request), Tags = api.Tags };

    private DateTime Now() => documents.Now();
}
