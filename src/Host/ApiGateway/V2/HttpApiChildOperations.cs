namespace Platform.Host.ApiGateway.V2;

/// <summary>apigatewayv2's Create/Get/GetAll/Update/Delete of what an HTTP API routes: routes,
/// integrations and authorizers. Each change redeploys the auto-deploy stages.</summary>
internal sealed class HttpApiChildOperations(HttpApiDocuments documents)
{
    private static readonly ApiGatewayJsonContext Json = ApiGatewayJsonContext.Default;

    public Task RouteAsync(ApiGatewayRequest request, string apiId)
    {
        var s = request.Segments;
        return (s, request.Method) switch
        {
            ([_, _, _, "routes"], "POST") => CreateRouteAsync(request, apiId),
            ([_, _, _, "routes"], "GET") => request.WriteItemsAsync(documents.Find(apiId).Routes, Json.HttpRoute),
            ([_, _, _, "routes", var id], "GET") => request.WriteAsync(200, Route(documents.Find(apiId), id), Json.HttpRoute),
            ([_, _, _, "routes", var id], "PATCH") => UpdateRouteAsync(request, apiId, id),
            ([_, _, _, "routes", var id], "DELETE") => DeleteAsync(request, apiId, d => d with { Routes = [.. d.Routes.Where(r => r.RouteId != Route(d, id).RouteId)] }),

            ([_, _, _, "integrations"], "POST") => CreateIntegrationAsync(request, apiId),
            ([_, _, _, "integrations"], "GET") => request.WriteItemsAsync(documents.Find(apiId).Integrations, Json.HttpIntegration),
            ([_, _, _, "integrations", var id], "GET") => request.WriteAsync(200, Integration(documents.Find(apiId), id), Json.HttpIntegration),
            ([_, _, _, "integrations", var id], "PATCH") => UpdateIntegrationAsync(request, apiId, id),
            ([_, _, _, "integrations", var id], "DELETE") => DeleteAsync(request, apiId, d => DeleteIntegration(d, id)),

            ([_, _, _, "authorizers"], "POST") => CreateAuthorizerAsync(request, apiId),
            ([_, _, _, "authorizers"], "GET") => request.WriteItemsAsync(documents.Find(apiId).Authorizers, Json.HttpAuthorizer),
            ([_, _, _, "authorizers", var id], "GET") => request.WriteAsync(200, Authorizer(documents.Find(apiId), id), Json.HttpAuthorizer),
            ([_, _, _, "authorizers", var id], "PATCH") => UpdateAuthorizerAsync(request, apiId, id),
            ([_, _, _, "authorizers", var id], "DELETE") => DeleteAsync(request, apiId, d => DeleteAuthorizer(d, id)),
            _ => throw ApiGatewayException.NotFound("Unable to find the resource at " + request.Context.Request.Path),
        };
    }

    private async Task CreateRouteAsync(ApiGatewayRequest request, string apiId)
    {
        var route = await documents.ChangeAsync(request, apiId, true, d =>
        {
            var route = request.Read(Json.HttpRoute) with { RouteId = ApiGatewayIds.New(7), ApiGatewayManaged = null };
            Check(d, route);
            return (d with { Routes = [.. d.Routes, route] }, route);
        }).ConfigureAwait(false);
        await request.WriteAsync(201, route, Json.HttpRoute).ConfigureAwait(false);
    }

    private async Task UpdateRouteAsync(ApiGatewayRequest request, string apiId, string id)
    {
        var route = await documents.ChangeAsync(request, apiId, true, d =>
        {
            var route = request.Patch(Route(d, id), Json.HttpRoute, "routeId", "apiGatewayManaged");
            Check(d, route);
            return (d with { Routes = [.. d.Routes.Select(r => r.RouteId == id ? route : r)] }, route);
        }).ConfigureAwait(false);
        await request.WriteAsync(200, route, Json.HttpRoute).ConfigureAwait(false);
    }

    private static void Check(HttpApiDocument document, HttpRoute route)
    {
        if (string.IsNullOrEmpty(route.RouteKey))
            throw ApiGatewayException.BadRequest("RouteKey is a required parameter");
        if (RouteKey.Parse(route.RouteKey) is null)
            throw ApiGatewayException.BadRequest(HttpApiValidation.InvalidRouteKey(route.RouteKey));
        if (document.Routes.Any(r => r.RouteKey == route.RouteKey && r.RouteId != route.RouteId))
            throw ApiGatewayException.Conflict($"Unable to complete operation due to concurrent modification. Route {route.RouteKey} already exists.");
        if (route.Target is { } target && (!target.StartsWith("integrations/", StringComparison.Ordinal)
            || document.Integrations.All(i => i.IntegrationId != target["integrations/".Length..])))
        {
            throw ApiGatewayException.BadRequest($"Invalid target specified: {target}. It must be integrations/{{integration id}} of this API.");
        }
        switch (route.AuthorizationType)
        {
            case "NONE":
                break;
            case "CUSTOM" or "JWT":
                var authorizer = document.Authorizers.FirstOrDefault(a => a.AuthorizerId == route.AuthorizerId)
                    ?? throw ApiGatewayException.BadRequest($"Unable to find Authorizer with id {route.AuthorizerId}; AuthorizationType {route.AuthorizationType} needs an AuthorizerId.");
                var expected = authorizer.AuthorizerType == "JWT" ? "JWT" : "CUSTOM";
                if (route.AuthorizationType != expected)
                    throw ApiGatewayException.BadRequest($"AuthorizationType {route.AuthorizationType} does not match the {authorizer.AuthorizerType} authorizer {authorizer.AuthorizerId}; use {expected}.");
                break;
            case "AWS_IAM":
                throw ApiGatewayException.BadRequest("AuthorizationType AWS_IAM is not supported by this platform; use CUSTOM or JWT.");
            default:
                throw ApiGatewayException.BadRequest($"Invalid authorization type specified: {route.AuthorizationType}");
        }
    }

    private async Task CreateIntegrationAsync(ApiGatewayRequest request, string apiId)
    {
        var integration = await documents.ChangeAsync(request, apiId, true, d =>
        {
            var integration = request.Read(Json.HttpIntegration) with { IntegrationId = ApiGatewayIds.New(7), ApiGatewayManaged = null };
            integration = integration with { IntegrationMethod = integration.IntegrationMethod ?? "POST" };
            HttpApiValidation.Integration(integration);
            return (d with { Integrations = [.. d.Integrations, integration] }, integration);
        }).ConfigureAwait(false);
        await request.WriteAsync(201, integration, Json.HttpIntegration).ConfigureAwait(false);
    }

    private async Task UpdateIntegrationAsync(ApiGatewayRequest request, string apiId, string id)
    {
        var integration = await documents.ChangeAsync(request, apiId, true, d =>
        {
            var integration = request.Patch(Integration(d, id), Json.HttpIntegration, "integrationId", "apiGatewayManaged");
            HttpApiValidation.Integration(integration);
            return (d with { Integrations = [.. d.Integrations.Select(i => i.IntegrationId == id ? integration : i)] }, integration);
        }).ConfigureAwait(false);
        await request.WriteAsync(200, integration, Json.HttpIntegration).ConfigureAwait(false);
    }

    private static HttpApiDocument DeleteIntegration(HttpApiDocument document, string id)
    {
        Integration(document, id);
        if (document.Routes.FirstOrDefault(r => r.Target == "integrations/" + id) is { } route)
            throw ApiGatewayException.Conflict($"Cannot delete Integration {id}: route {route.RouteKey} ({route.RouteId}) targets it.");
        return document with { Integrations = [.. document.Integrations.Where(i => i.IntegrationId != id)] };
    }

    private async Task CreateAuthorizerAsync(ApiGatewayRequest request, string apiId)
    {
        var authorizer = await documents.ChangeAsync(request, apiId, true, d =>
        {
            var authorizer = Defaults(request.Read(Json.HttpAuthorizer) with { AuthorizerId = ApiGatewayIds.New(6) });
            HttpApiValidation.Authorizer(authorizer);
            return (d with { Authorizers = [.. d.Authorizers, authorizer] }, authorizer);
        }).ConfigureAwait(false);
        await request.WriteAsync(201, authorizer, Json.HttpAuthorizer).ConfigureAwait(false);
    }

    private async Task UpdateAuthorizerAsync(ApiGatewayRequest request, string apiId, string id)
    {
        var authorizer = await documents.ChangeAsync(request, apiId, true, d =>
        {
            var authorizer = Defaults(request.Patch(Authorizer(d, id), Json.HttpAuthorizer, "authorizerId"));
            HttpApiValidation.Authorizer(authorizer);
            return (d with { Authorizers = [.. d.Authorizers.Select(a => a.AuthorizerId == id ? authorizer : a)] }, authorizer);
        }).ConfigureAwait(false);
        await request.WriteAsync(200, authorizer, Json.HttpAuthorizer).ConfigureAwait(false);
    }

    // JWT authorizers read the bearer token from Authorization unless told otherwise; Lambda
    // authorizers of payload 2.0 answer IAM policies unless simple responses are enabled.
    private static HttpAuthorizer Defaults(HttpAuthorizer authorizer) => authorizer.AuthorizerType switch
    {
        "JWT" => authorizer with { IdentitySource = authorizer.IdentitySource ?? ["$request.header.Authorization"] },
        "REQUEST" => authorizer with
        {
            EnableSimpleResponses = authorizer.AuthorizerPayloadFormatVersion == "2.0" ? authorizer.EnableSimpleResponses ?? false : authorizer.EnableSimpleResponses,
            AuthorizerResultTtlInSeconds = authorizer.AuthorizerResultTtlInSeconds ?? 0,
        },
        _ => authorizer,
    };

    private static HttpApiDocument DeleteAuthorizer(HttpApiDocument document, string id)
    {
        Authorizer(document, id);
        if (document.Routes.FirstOrDefault(r => r.AuthorizerId == id) is { } route)
            throw ApiGatewayException.Conflict($"Cannot delete Authorizer {id}: route {route.RouteKey} ({route.RouteId}) uses it.");
        return document with { Authorizers = [.. document.Authorizers.Where(a => a.AuthorizerId != id)] };
    }

    private async Task DeleteAsync(ApiGatewayRequest request, string apiId, Func<HttpApiDocument, HttpApiDocument> delete)
    {
        await documents.ChangeAsync(request, apiId, true, d => (delete(d), true)).ConfigureAwait(false);
        request.NoContent();
    }

    private static HttpRoute Route(HttpApiDocument d, string id) =>
        d.Routes.FirstOrDefault(r => r.RouteId == id) ?? throw ApiGatewayException.NotFound($"Invalid Route identifier specified {id}");

    private static HttpIntegration Integration(HttpApiDocument d, string id) =>
        d.Integrations.FirstOrDefault(i => i.IntegrationId == id) ?? throw ApiGatewayException.NotFound($"Invalid Integration identifier specified {id}");

    private static HttpAuthorizer Authorizer(HttpApiDocument d, string id) =>
        d.Authorizers.FirstOrDefault(a => a.AuthorizerId == id) ?? throw ApiGatewayException.NotFound($"Invalid Authorizer identifier specified {id}");
}
