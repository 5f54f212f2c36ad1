namespace Platform.Host.ApiGateway.V2;

/// <summary>Deployments of an HTTP API: a deployment freezes the routes, integrations and authorizers,
/// and a stage serves the snapshot of its deployment. Stages that auto-deploy get a new one after
/// every change; snapshots no stage serves are dropped (their deployment records stay listed).</summary>
internal static class HttpDeployer
{
    private const int KeptSnapshots = 5;

    public static HttpApiDocument Deploy(HttpApiDocument document, DateTime now, string? description, bool auto, IEnumerable<string> stageNames,
        out HttpDeployment deployment)
    {
        deployment = new HttpDeployment
        {
            AutoDeployed = auto,
            CreatedDate = now,
            DeploymentId = ApiGatewayIds.New(6),
            Description = description,
        };
        var snapshots = new Dictionary<string, HttpDeploymentSnapshot>(document.Snapshots)
        {
            [deployment.DeploymentId] = new() { Routes = [.. document.Routes], Integrations = [.. document.Integrations], Authorizers = [.. document.Authorizers] },
        };
        var names = stageNames.ToHashSet(StringComparer.Ordinal);
        var id = deployment.DeploymentId;
        var stages = document.Stages.Select(s => names.Contains(s.StageName) ? s with { DeploymentId = id, LastUpdatedDate = now } : s).ToList();
        var deployments = document.Deployments.Append(deployment).ToList();
        var served = stages.Select(s => s.DeploymentId).ToHashSet();
        var recent = deployments.TakeLast(KeptSnapshots).Select(d => d.DeploymentId).ToHashSet();
        foreach (var stale in snapshots.Keys.Where(k => !served.Contains(k) && !recent.Contains(k)).ToList())
            snapshots.Remove(stale);
        return document with { Stages = stages, Deployments = deployments, Snapshots = snapshots };
    }

    /// <summary>After a change: a new deployment for the stages that auto-deploy, if any.</summary>
    public static HttpApiDocument AutoDeploy(HttpApiDocument document, DateTime now)
    {
        var auto = document.Stages.Where(s => s.AutoDeploy).Select(s => s.StageName).ToList();
        return auto.Count == 0 ? document : Deploy(document, now, "Automatic deployment triggered by changes to the Api configuration", true, auto, out _);
    }
}
