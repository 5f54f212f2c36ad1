using System.Text.RegularExpressions;
using Platform.Host.ApiGateway.V2;
using Platform.Triggers;

namespace Platform.Host.ApiGateway.V1;

/// <summary>
/// apigateway's operations on REST APIs, as far as users deploy them for Lambda: CreateRestApi (its
/// root resource created), resources with <c>{param}</c> and <c>{proxy+}</c>, methods, AWS_PROXY
/// integrations, deployments (a snapshot of the resources) and stages.
/// </summary>
internal sealed partial class RestApiOperations(
    ApiDocumentStore<RestApiDocument> store,
    ApiDocumentStore<HttpApiDocument> httpApis,
    TriggerOptions options,
    TimeProvider time)
{
    private static readonly ApiGatewayJsonContext Json = ApiGatewayJsonContext.Default;
    private static readonly string[] Methods = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public Task RouteAsync(ApiGatewayRequest request)
    {
        var s = request.Segments;
        return (s, request.Method) switch
        {
            (["restapis"], "POST") => CreateAsync(request),
            (["restapis"], "GET") => request.WriteItemsAsync(store.All.Select(d => d.Api).OrderBy(a => a.CreatedDate), Json.RestApi, "item"),
            (["restapis", var id], "GET") => request.WriteAsync(200, Find(id).Api, Json.RestApi),
            (["restapis", var id], "DELETE") => ChangeAsync(request, id, 202, _ => ((RestApiDocument?)null, true)),
            (["restapis", var id, "resources"], "GET") => request.WriteItemsAsync(Find(id).Resources, Json.RestResource, "item"),
            (["restapis", var id, "resources", var rid], "GET") => request.WriteAsync(200, Resource(Find(id), rid), Json.RestResource),
            (["restapis", var id, "resources", var parent], "POST") => CreateResourceAsync(request, id, parent),
            (["restapis", var id, "resources", var rid], "DELETE") => ChangeAsync(request, id, 202, d => (DeleteResource(d, rid), true)),
            (["restapis", var id, "resources", var rid, "methods", var m], "PUT") => PutMethodAsync(request, id, rid, m),
            (["restapis", var id, "resources", var rid, "methods", var m], "GET") => request.WriteAsync(200, Method(Find(id), rid, m), Json.RestMethod),
            (["restapis", var id, "resources", var rid, "methods", var m], "DELETE") =>
                ChangeAsync(request, id, 204, d => (SetMethod(d, rid, m, null), true)),
            (["restapis", var id, "resources", var rid, "methods", var m, "integration"], "PUT") => PutIntegrationAsync(request, id, rid, m),
            (["restapis", var id, "resources", var rid, "methods", var m, "integration"], "GET") =>
                request.WriteAsync(200, Method(Find(id), rid, m).MethodIntegration ?? throw ApiGatewayException.NotFound("Invalid Integration identifier specified"), Json.RestIntegration),
            (["restapis", var id, "resources", var rid, "methods", var m, "integration"], "DELETE") =>
                ChangeAsync(request, id, 204, d => (SetMethod(d, rid, m, Method(d, rid, m) with { MethodIntegration = null }), true)),
            (["restapis", var id, "deployments"], "POST") => CreateDeploymentAsync(request, id),
            (["restapis", var id, "deployments"], "GET") => request.WriteItemsAsync(Find(id).Deployments, Json.RestDeployment, "item"),
            (["restapis", var id, "deployments", var did], "GET") => request.WriteAsync(200, Deployment(Find(id), did), Json.RestDeployment),
            (["restapis", var id, "deployments", var did], "DELETE") => ChangeAsync(request, id, 202, d => (DeleteDeployment(d, did), true)),
            (["restapis", var id, "stages"], "POST") => CreateStageAsync(request, id),
            (["restapis", var id, "stages"], "GET") => request.WriteItemsAsync(Find(id).Stages, Json.RestStage, "item"),
            (["restapis", var id, "stages", var name], "GET") => request.WriteAsync(200, Stage(Find(id), name), Json.RestStage),
            (["restapis", var id, "stages", var name], "PATCH") => UpdateStageAsync(request, id, name),
            (["restapis", var id, "stages", var name], "DELETE") => ChangeAsync(request, id, 202, d =>
            {
                Stage(d, name);
                return (d with { Stages = [.. d.Stages.Where(x => x.StageName != name)] }, true);
            }),
            _ => throw ApiGatewayException.NotFound("Unable to find the resource at " + request.Context.Request.Path),
        };
    }

    private async Task CreateAsync(ApiGatewayRequest request)
    {
        var api = request.Read(Json.RestApi);
        if (string.IsNullOrEmpty(api.Name))
            throw ApiGatewayException.BadRequest("Invalid REST API name specified");
        string id;
        do
            id = ApiGatewayIds.New(10);
        while (store.Contains(id) || httpApis.Contains(id));
        var root = new RestResource { Id = ApiGatewayIds.New(10), Path = "/" };
        api = api with { Id = id, CreatedDate = Now(), RootResourceId = root.Id };
        var document = new RestApiDocument { Api = api, Resources = [root] };
        await store.ChangeAsync(id, _ => (document, true), request.Aborted).ConfigureAwait(false);
        await request.WriteAsync(201, api, Json.RestApi).ConfigureAwait(false);
    }

    private async Task CreateResourceAsync(ApiGatewayRequest request, string apiId, string parentId)
    {
        var pathPart = request.Body.TryGetProperty("pathPart", out var p) ? p.GetString() : null;
        var resource = await Change(request, apiId, d =>
        {
            var parent = Resource(d, parentId);
            if (string.IsNullOrEmpty(pathPart) || !PathPart().IsMatch(pathPart))
                throw ApiGatewayException.BadRequest($"Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.");
            if (RouteKey.IsGreedy(parent.PathPart ?? ""))
                throw ApiGatewayException.BadRequest("Cannot create a child of a resource with a greedy path variable");
            var path = (parent.Path == "/" ? "" : parent.Path) + "/" + pathPart;
            if (d.Resources.Any(r => r.ParentId == parentId && r.PathPart == pathPart))
                throw ApiGatewayException.Conflict($"Another resource with the same parent already has this name: {pathPart}");
            if (pathPart.StartsWith('{') && d.Resources.Any(r => r.ParentId == parentId && r.PathPart!.StartsWith('{')))
                throw ApiGatewayException.BadRequest("A sibling ({…}) of this resource already has a variable path part -- only one is allowed");
            var resource = new RestResource { Id = ApiGatewayIds.New(10), ParentId = parentId, PathPart = pathPart, Path = path };
            return (d with { Resources = [.. d.Resources, resource] }, resource);
        }).ConfigureAwait(false);
        await request.WriteAsync(201, resource, Json.RestResource).ConfigureAwait(false);
    }

    private static RestApiDocument DeleteResource(RestApiDocument document, string id)
    {
        var resource = Resource(document, id);
        if (resource.ParentId is null)
            throw ApiGatewayException.BadRequest("Cannot delete the root resource of a REST API");
        var gone = new HashSet<string> { id };
        // A resource goes with everything under it.
        bool grew;
        do
        {
            grew = false;
            foreach (var r in document.Resources.Where(r => r.ParentId is { } parent && gone.Contains(parent) && !gone.Contains(r.Id)))
                grew |= gone.Add(r.Id);
        }
        while (grew);
        return document with { Resources = [.. document.Resources.Where(r => !gone.Contains(r.Id))] };
    }

    private async Task PutMethodAsync(ApiGatewayRequest request, string apiId, string resourceId, string httpMethod)
    {
        var method = await Change(request, apiId, d =>
        {
            Resource(d, resourceId);
            if (!Methods.Contains(httpMethod))
                throw ApiGatewayException.BadRequest($"Invalid HttpMethod specified. Valid options are {string.Join(",", Methods)}");
            var method = request.Read(Json.RestMethod) with { HttpMethod = httpMethod, MethodIntegration = null };
            if (string.IsNullOrEmpty(request.Body.TryGetProperty("authorizationType", out var a) ? a.GetString() : null))
                throw ApiGatewayException.BadRequest("Invalid authorization type specified");
            if (method.AuthorizationType != "NONE")
                throw ApiGatewayException.BadRequest($"Authorization type {method.AuthorizationType} is not supported by this platform's REST APIs; use NONE.");
            return (SetMethod(d, resourceId, httpMethod, method), method);
        }).ConfigureAwait(false);
        await request.WriteAsync(201, method, Json.RestMethod).ConfigureAwait(false);
    }

    private async Task PutIntegrationAsync(ApiGatewayRequest request, string apiId, string resourceId, string httpMethod)
    {
        var integration = await Change(request, apiId, d =>
        {
            var method = Method(d, resourceId, httpMethod);
            var integration = request.Read(Json.RestIntegration);
            if (integration.Type is null)
                throw ApiGatewayException.BadRequest("Enumeration value for IntegrationType must be non-empty");
            if (integration.Type != "AWS_PROXY")
                throw ApiGatewayException.BadRequest($"Integration type {integration.Type} is not supported by this platform; use AWS_PROXY (a Lambda function).");
            if (integration.Uri is not { } uri)
                throw ApiGatewayException.BadRequest("Invalid Integration URI specified");
            if (integration.HttpMethod is null)
                throw ApiGatewayException.BadRequest("Enumeration value for HttpMethod must be non-empty");
            if (integration.HttpMethod != "POST")
                throw ApiGatewayException.BadRequest("Lambda proxy integrations must use POST as the integration HTTP method");
            HttpApiValidation.IntegrationUri(uri);
            if (integration.TimeoutInMillis is < 50 or > 29000)
                throw ApiGatewayException.BadRequest("Timeout should be between 50 ms and 29000 ms");
            integration = integration with { CacheNamespace = integration.CacheNamespace ?? resourceId };
            return (SetMethod(d, resourceId, httpMethod, method with { MethodIntegration = integration }), integration);
        }).ConfigureAwait(false);
        await request.WriteAsync(201, integration, Json.RestIntegration).ConfigureAwait(false);
    }

    private static RestApiDocument SetMethod(RestApiDocument document, string resourceId, string httpMethod, RestMethod? method)
    {
        var resource = Resource(document, resourceId);
        if (method is null)
            Method(document, resourceId, httpMethod);
        var methods = new Dictionary<string, RestMethod>(resource.ResourceMethods ?? [], StringComparer.Ordinal);
        if (method is null)
            methods.Remove(httpMethod);
        else
            methods[httpMethod] = method;
        var updated = resource with { ResourceMethods = methods.Count == 0 ? null : methods };
        return document with { Resources = [.. document.Resources.Select(r => r.Id == resourceId ? updated : r)] };
    }

    private async Task CreateDeploymentAsync(ApiGatewayRequest request, string apiId)
    {
        var deployment = await Change(request, apiId, d =>
        {
            if (!d.Resources.Any(r => r.ResourceMethods is { Count: > 0 }))
                throw ApiGatewayException.BadRequest("The REST API doesn't contain any methods");
            if (d.Resources.SelectMany(r => r.ResourceMethods?.Values.AsEnumerable() ?? []).FirstOrDefault(m => m.MethodIntegration is null) is { } bare)
                throw ApiGatewayException.BadRequest($"No integration defined for method {bare.HttpMethod}");
            var now = Now();
            var deployment = new RestDeployment
            {
                Id = ApiGatewayIds.New(6),
                CreatedDate = now,
                Description = request.Body.TryGetProperty("description", out var t) ? t.GetString() : null,
            };
            d = d with
            {
                Deployments = [.. d.Deployments, deployment],
                Snapshots = new(d.Snapshots) { [deployment.Id] = [.. d.Resources] },
            };
            if (request.Body.TryGetProperty("stageName", out var n) && n.GetString() is { Length: > 0 } stageName)
            {
                var variables = request.Body.TryGetProperty("variables", out var v) ? System.Text.Json.JsonSerializer.Deserialize(v, Json.DictionaryStringString) : null;
                var existing = d.Stages.FirstOrDefault(s => s.StageName == stageName);
                var stage = existing is null
                    ? new RestStage { StageName = stageName, DeploymentId = deployment.Id, CreatedDate = now, LastUpdatedDate = now, Variables = variables,
                        Description = request.Body.TryGetProperty("stageDescription", out var sd) ? sd.GetString() : null }
                    : existing with { DeploymentId = deployment.Id, LastUpdatedDate = now, Variables = variables ?? existing.Variables };
                CheckStageName(stageName);
                d = d with { Stages = [.. d.Stages.Where(s => s.StageName != stageName), stage] };
            }
            return (d, deployment);
        }).ConfigureAwait(false);
        await request.WriteAsync(201, deployment, Json.RestDeployment).ConfigureAwait(false);
    }

    private static RestApiDocument DeleteDeployment(RestApiDocument document, string id)
    {
        Deployment(document, id);
        if (document.Stages.FirstOrDefault(s => s.DeploymentId == id) is { } stage)
            throw ApiGatewayException.BadRequest($"Active stages pointing to this deployment must be moved or deleted: {stage.StageName}");
        var snapshots = new Dictionary<string, List<RestResource>>(document.Snapshots);
        snapshots.Remove(id);
        return document with { Deployments = [.. document.Deployments.Where(x => x.Id != id)], Snapshots = snapshots };
    }

    private async Task CreateStageAsync(ApiGatewayRequest request, string apiId)
    {
        var stage = await Change(request, apiId, d =>
        {
            var now = Now();
            var stage = request.Read(Json.RestStage) with { CreatedDate = now, LastUpdatedDate = now };
            CheckStageName(stage.StageName);
            if (stage.DeploymentId is not { } deploymentId)
                throw ApiGatewayException.BadRequest("Deployment id is required");
            Deployment(d, deploymentId);
            if (d.Stages.Any(s => s.StageName == stage.StageName))
                throw ApiGatewayException.Conflict("Stage already exists");
            return (d with { Stages = [.. d.Stages, stage] }, stage);
        }).ConfigureAwait(false);
        await request.WriteAsync(201, stage, Json.RestStage).ConfigureAwait(false);
    }

    /// <summary>UpdateStage's patch operations on what a stage holds: its deployment, description and variables.</summary>
    private async Task UpdateStageAsync(ApiGatewayRequest request, string apiId, string name)
    {
        var stage = await Change(request, apiId, d =>
        {
            var stage = Stage(d, name);
            var variables = new Dictionary<string, string>(stage.Variables ?? [], StringComparer.Ordinal);
            foreach (var op in request.Body.TryGetProperty("patchOperations", out var ops) ? ops.EnumerateArray() : default)
            {
                var kind = op.TryGetProperty("op", out var o) ? o.GetString() : null;
                var path = op.TryGetProperty("path", out var p) ? p.GetString() ?? "" : "";
                var value = op.TryGetProperty("value", out var v) ? v.GetString() : null;
                switch (kind, path)
                {
                    case ("replace" or "add", _) when path.StartsWith("/variables/", StringComparison.Ordinal):
                        variables[path["/variables/".Length..]] = value ?? "";
                        break;
                    case ("remove", _) when path.StartsWith("/variables/", StringComparison.Ordinal):
                        variables.Remove(path["/variables/".Length..]);
                        break;
                    case ("replace", "/description"):
                        stage = stage with { Description = value };
                        break;
                    case ("replace", "/deploymentId"):
                        Deployment(d, value ?? "");
                        stage = stage with { DeploymentId = value };
                        break;
                    default:
                        throw ApiGatewayException.BadRequest($"Invalid patch path '{path}' specified for op '{kind}'. Must be one of: [/description, /deploymentId, /variables/{{name}}]");
                }
            }
            stage = stage with { Variables = variables.Count == 0 ? null : variables, LastUpdatedDate = Now() };
            return (d with { Stages = [.. d.Stages.Select(s => s.StageName == name ? stage : s)] }, stage);
        }).ConfigureAwait(false);
        await request.WriteAsync(200, stage, Json.RestStage).ConfigureAwait(false);
    }

    private static void CheckStageName(string name)
    {
        if (!StageName().IsMatch(name))
            throw ApiGatewayException.BadRequest("Stage name only allows a-zA-Z0-9_");
    }

    private Task<T> Change<T>(ApiGatewayRequest request, string id, Func<RestApiDocument, (RestApiDocument?, T)> change) =>
        store.ChangeAsync(id, d => d is null ? throw NoApi(id) : change(d), request.Aborted);

    private async Task ChangeAsync(ApiGatewayRequest request, string id, int status, Func<RestApiDocument, (RestApiDocument?, bool)> change)
    {
        await Change(request, id, change).ConfigureAwait(false);
        request.Context.Response.StatusCode = status;
    }

    private RestApiDocument Find(string id) => store.Get(id) ?? throw NoApi(id);

    private ApiGatewayException NoApi(string id) => ApiGatewayException.NotFound($"Invalid API identifier specified {options.AccountId}:{id}");

    private static RestResource Resource(RestApiDocument d, string id) =>
        d.Resources.FirstOrDefault(r => r.Id == id) ?? throw ApiGatewayException.NotFound("Invalid Resource identifier specified");

    private static RestMethod Method(RestApiDocument d, string resourceId, string httpMethod) =>
        Resource(d, resourceId).ResourceMethods?.GetValueOrDefault(httpMethod) ?? throw ApiGatewayException.NotFound("Invalid Method identifier specified");

    private static RestDeployment Deployment(RestApiDocument d, string id) =>
        d.Deployments.FirstOrDefault(x => x.Id == id) ?? throw ApiGatewayException.NotFound("Invalid Deployment identifier specified");

    private static RestStage Stage(RestApiDocument d, string name) =>
        d.Stages.FirstOrDefault(s => s.StageName == name) ?? throw ApiGatewayException.NotFound("Invalid Stage identifier specified");

    private DateTime Now() => DateTime.SpecifyKind(time.GetUtcNow().UtcDateTime, DateTimeKind.Utc);

    [GeneratedRegex(@"^([A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\})$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPart();

    [GeneratedRegex("^[A-Za-z0-9_]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex StageName();
}
