using System.Text.RegularExpressions;

namespace Platform.Host.ApiGateway.V2;

/// <summary>apigatewayv2's stages (<c>$default</c> and named, AutoDeploy, StageVariables) and
/// deployments (CreateDeployment with a StageName deploys to it).</summary>
internal sealed partial class HttpStageOperations(HttpApiDocuments documents)
{
    private static readonly ApiGatewayJsonContext Json = ApiGatewayJsonContext.Default;

    public Task RouteAsync(ApiGatewayRequest request, string apiId)
    {
        var s = request.Segments;
        return (s, request.Method) switch
        {
            ([_, _, _, "stages"], "POST") => CreateStageAsync(request, apiId),
            ([_, _, _, "stages"], "GET") => request.WriteItemsAsync(documents.Find(apiId).Stages, Json.HttpStage),
            ([_, _, _, "stages", var name], "GET") => request.WriteAsync(200, Stage(documents.Find(apiId), name), Json.HttpStage),
            ([_, _, _, "stages", var name], "PATCH") => UpdateStageAsync(request, apiId, name),
            ([_, _, _, "stages", var name], "DELETE") => DeleteStageAsync(request, apiId, name),
            ([_, _, _, "deployments"], "POST") => CreateDeploymentAsync(request, apiId),
            ([_, _, _, "deployments"], "GET") => request.WriteItemsAsync(documents.Find(apiId).Deployments, Json.HttpDeployment),
            ([_, _, _, "deployments", var id], "GET") => request.WriteAsync(200, Deployment(documents.Find(apiId), id), Json.HttpDeployment),
            ([_, _, _, "deployments", var id], "PATCH") => UpdateDeploymentAsync(request, apiId, id),
            ([_, _, _, "deployments", var id], "DELETE") => DeleteDeploymentAsync(request, apiId, id),
            _ => throw ApiGatewayException.NotFound("Unable to find the resource at " + request.Context.Request.Path),
        };
    }

    private async Task CreateStageAsync(ApiGatewayRequest request, string apiId)
    {
        var stage = await documents.ChangeAsync(request, apiId, false, d =>
        {
            var now = documents.Now();
            var stage = request.Read(Json.HttpStage) with { CreatedDate = now, LastUpdatedDate = now, ApiGatewayManaged = null };
            Check(d, stage);
            if (d.Stages.Any(s => s.StageName == stage.StageName))
                throw ApiGatewayException.Conflict($"Stage already exists: {stage.StageName}");
            d = d with { Stages = [.. d.Stages, stage] };
            // An auto-deploy stage serves the current routes at once, as AWS deploys it on creation.
            if (stage.AutoDeploy)
                d = HttpDeployer.Deploy(d, now, "Automatic deployment triggered by changes to the Api configuration", true, [stage.StageName], out _);
            return (d, d.Stages.Single(s => s.StageName == stage.StageName));
        }).ConfigureAwait(false);
        await request.WriteAsync(201, stage, Json.HttpStage).ConfigureAwait(false);
    }

    private async Task UpdateStageAsync(ApiGatewayRequest request, string apiId, string name)
    {
        var stage = await documents.ChangeAsync(request, apiId, false, d =>
        {
            var now = documents.Now();
            var stage = request.Patch(Stage(d, name), Json.HttpStage, "stageName", "createdDate", "apiGatewayManaged", "lastUpdatedDate") with { LastUpdatedDate = now };
            Check(d, stage);
            d = d with { Stages = [.. d.Stages.Select(s => s.StageName == name ? stage : s)] };
            if (stage.AutoDeploy && request.Has("autoDeploy"))
                d = HttpDeployer.Deploy(d, now, "Automatic deployment triggered by changes to the Api configuration", true, [name], out _);
            return (d, d.Stages.Single(s => s.StageName == name));
        }).ConfigureAwait(false);
        await request.WriteAsync(200, stage, Json.HttpStage).ConfigureAwait(false);
    }

    private static void Check(HttpApiDocument document, HttpStage stage)
    {
        if (string.IsNullOrEmpty(stage.StageName))
            throw ApiGatewayException.BadRequest("StageName is a required parameter");
        if (stage.StageName != "$default" && !StageName().IsMatch(stage.StageName))
            throw ApiGatewayException.BadRequest($"Stage name only allows a-zA-Z0-9_- and must be at most 128 characters: {stage.StageName}");
        if (stage.DeploymentId is { } id && document.Deployments.All(d => d.DeploymentId != id))
            throw ApiGatewayException.NotFound($"Invalid Deployment identifier specified {id}");
        if (stage.StageVariables.FirstOrDefault(v => !VariableName().IsMatch(v.Key) || v.Value.Length > 2048) is { Key: { } bad })
            throw ApiGatewayException.BadRequest($"Stage variable names must be alphanumeric or underscore and values at most 2048 characters: {bad}");
    }

    private async Task DeleteStageAsync(ApiGatewayRequest request, string apiId, string name)
    {
        await documents.ChangeAsync(request, apiId, false, d =>
        {
            Stage(d, name);
            return (d with { Stages = [.. d.Stages.Where(s => s.StageName != name)] }, true);
        }).ConfigureAwait(false);
        request.NoContent();
    }

    private async Task CreateDeploymentAsync(ApiGatewayRequest request, string apiId)
    {
        var deployment = await documents.ChangeAsync(request, apiId, false, d =>
        {
            var stageName = request.Body.TryGetProperty("stageName", out var n) ? n.GetString() : null;
            var description = request.Body.TryGetProperty("description", out var t) ? t.GetString() : null;
            if (stageName is not null && Stage(d, stageName).AutoDeploy)
                throw ApiGatewayException.BadRequest($"Stage {stageName} is configured to auto-deploy; it cannot be deployed manually.");
            d = HttpDeployer.Deploy(d, documents.Now(), description, false, stageName is null ? [] : [stageName], out var deployment);
            return (d, deployment);
        }).ConfigureAwait(false);
        await request.WriteAsync(201, deployment, Json.HttpDeployment).ConfigureAwait(false);
    }

    private async Task UpdateDeploymentAsync(ApiGatewayRequest request, string apiId, string id)
    {
        var deployment = await documents.ChangeAsync(request, apiId, false, d =>
        {
            var deployment = Deployment(d, id) with { Description = request.Body.TryGetProperty("description", out var t) ? t.GetString() : Deployment(d, id).Description };
            return (d with { Deployments = [.. d.Deployments.Select(x => x.DeploymentId == id ? deployment : x)] }, deployment);
        }).ConfigureAwait(false);
        await request.WriteAsync(200, deployment, Json.HttpDeployment).ConfigureAwait(false);
    }

    private async Task DeleteDeploymentAsync(ApiGatewayRequest request, string apiId, string id)
    {
        await documents.ChangeAsync(request, apiId, false, d =>
        {
            Deployment(d, id);
            if (d.Stages.FirstOrDefault(s => s.DeploymentId == id) is { } stage)
                throw ApiGatewayException.BadRequest($"Active stages pointing to this deployment must be moved or deleted: {stage.StageName}");
            var snapshots = new Dictionary<string, HttpDeploymentSnapshot>(d.Snapshots);
            snapshots.Remove(id);
            return (d with { Deployments = [.. d.Deployments.Where(x => x.DeploymentId != id)], Snapshots = snapshots }, true);
        }).ConfigureAwait(false);
        request.NoContent();
    }

    private static HttpStage Stage(HttpApiDocument d, string name) =>
        d.Stages.FirstOrDefault(s => s.StageName == name) ?? throw ApiGatewayException.NotFound($"Invalid stage identifier specified {name}");

    private static HttpDeployment Deployment(HttpApiDocument d, string id) =>
        d.Deployments.FirstOrDefault(x => x.DeploymentId == id) ?? throw ApiGatewayException.NotFound($"Invalid Deployment identifier specified {id}");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex StageName();

    [GeneratedRegex("^[A-Za-z0-9_]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
