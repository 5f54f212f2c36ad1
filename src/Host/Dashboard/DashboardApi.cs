using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;
using Platform.Host.Dashboard.Metrics;
using Platform.Host.Dashboard.Topology;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>
/// Everything under /_platform that is not health, functions or workers: the dashboard page and its
/// assets, the invocation history, topology, queues, buckets, streams, a function's detail, mapping
/// switches, HTTP front ends (APIs, function URLs), reset, live events and Prometheus metrics. Engine errors (an unknown queue, SQS's purge
/// limit, a missing key) come back as <c>{"error", "code"}</c> with their status; see docs/dashboard.md.
/// </summary>
internal sealed class DashboardApi(
    DashboardAccess access,
    DashboardAssets assets,
    InvocationViews invocations,
    TopologyView topology,
    QueueViews queues,
    BucketViews buckets,
    StreamViews streams,
    FunctionViews functions,
    HttpViews http,
    ResetAction reset,
    LiveEvents live,
    PrometheusEndpoint metrics)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (access.Refusal(context) is { } refusal)
        {
            await Problem(context, StatusCodes.Status403Forbidden, refusal).ConfigureAwait(false);
            return;
        }

        try
        {
            var handled = await RouteAsync(context).ConfigureAwait(false);
            if (!handled && !context.Response.HasStarted)
                await Problem(context, StatusCodes.Status404NotFound, $"Nothing at {context.Request.Method} {context.Request.Path}; see docs/dashboard.md.").ConfigureAwait(false);
        }
        catch (EdgeException exception) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, exception.Status, json =>
            {
                json.WriteStartObject();
                json.WriteString("error", exception.Message);
                json.WriteString("code", exception.Code);
                json.WriteEndObject();
            }).ConfigureAwait(false);
        }
    }

    private async Task<bool> RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        var rest = path.Length > "/_platform".Length ? path["/_platform/".Length..] : "";
        var segments = rest.Split('/');
        var get = HttpMethods.IsGet(context.Request.Method);
        switch (segments)
        {
            case [""] or ["index.html"] when get:
                return await assets.TryServeAsync(context, "").ConfigureAwait(false);
            case ["assets", var file] when get:
                return await assets.TryServeAsync(context, file).ConfigureAwait(false);
            case ["invocations"] when get:
                await invocations.ListAsync(context).ConfigureAwait(false);
                return true;
            case ["invocations", var id] when get && long.TryParse(id, out var number):
                await invocations.DetailAsync(context, number).ConfigureAwait(false);
                return true;
            case ["invocations", var id, "replay"] when !get && long.TryParse(id, out var number):
                await invocations.ReplayAsync(context, number).ConfigureAwait(false);
                return true;
            case ["topology"] when get:
                await topology.WriteAsync(context).ConfigureAwait(false);
                return true;
            case ["events"] when get:
                await live.StreamAsync(context).ConfigureAwait(false);
                return true;
            case ["metrics"] when get:
                await metrics.WriteAsync(context).ConfigureAwait(false);
                return true;
            case ["reset"] when !get:
                await reset.HandleAsync(context).ConfigureAwait(false);
                return true;
            case ["queues"] when get:
                await queues.ListAsync(context).ConfigureAwait(false);
                return true;
            case ["queues", var name, "messages"]:
                await (get ? queues.PeekAsync(context, name) : queues.SendAsync(context, name)).ConfigureAwait(false);
                return true;
            case ["queues", var name, "purge"] when !get:
                await queues.PurgeAsync(context, name).ConfigureAwait(false);
                return true;
            case ["queues", var name, "redrive"]:
                await (get ? queues.RedriveStatusAsync(context, name) : queues.RedriveAsync(context, name)).ConfigureAwait(false);
                return true;
            case ["buckets"] when get:
                await buckets.ListAsync(context).ConfigureAwait(false);
                return true;
            case ["buckets", var name, "objects"] when get:
                await buckets.ObjectsAsync(context, name).ConfigureAwait(false);
                return true;
            case ["buckets", var name, "object"]:
                await (get ? buckets.DownloadAsync(context, name) : buckets.UploadAsync(context, name)).ConfigureAwait(false);
                return true;
            case ["buckets", var name, "notifications"] when get:
                await buckets.NotificationsAsync(context, name).ConfigureAwait(false);
                return true;
            case ["streams"] when get:
                await streams.ListAsync(context).ConfigureAwait(false);
                return true;
            case ["streams", var name] when get:
                await streams.DetailAsync(context, name).ConfigureAwait(false);
                return true;
            case ["streams", var name, "shards", var shard, "records"] when get:
                await streams.RecordsAsync(context, name, shard).ConfigureAwait(false);
                return true;
            case ["http"] when get:
                await http.ListAsync(context).ConfigureAwait(false);
                return true;
            case ["functions", var name] when get:
                await functions.DetailAsync(context, name).ConfigureAwait(false);
                return true;
            case ["functions", var name, "invoke"] when !get:
                await invocations.TestInvokeAsync(context, name).ConfigureAwait(false);
                return true;
            case ["mappings", var uuid, "enable" or "disable"] when !get:
                await functions.SetMappingEnabledAsync(context, uuid, segments[2] == "enable").ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }
}
