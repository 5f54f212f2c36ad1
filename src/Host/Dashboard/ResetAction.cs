using Microsoft.AspNetCore.Http;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Storage.Engine;
using Platform.Host.Dashboard.History;
using Platform.Triggers;
using Platform.Triggers.Sources.Async;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>
/// POST /_platform/reset: without a query, the platform goes back to what its configuration declares
/// (<see cref="PlatformReset"/>). <c>?queue=NAME</c>, <c>?bucket=NAME</c> or <c>?history</c> empties one
/// resource. Objects are deleted as DeleteObjects does, so ObjectRemoved notifications fire.
/// </summary>
internal sealed class ResetAction(QueueEngine queues, StorageEngine storage, InvocationHistory history, PlatformReset platform)
{
    public async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var cancellationToken = context.RequestAborted;
        var reset = new List<string>();
        var all = query.Count == 0;
        if (query["queue"].FirstOrDefault() is { } queue)
        {
            await queues.ClearAsync(queue, cancellationToken).ConfigureAwait(false);
            reset.Add("queue:" + queue);
        }

        if (query["bucket"].FirstOrDefault() is { } bucket)
        {
            await EmptyBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
            reset.Add("bucket:" + bucket);
        }

        if (all)
        {
            await platform.ResetAsync(cancellationToken).ConfigureAwait(false);
            reset.Add("all");
        }

        if (!all && query.ContainsKey("history"))
        {
            await history.ClearAsync(cancellationToken).ConfigureAwait(false);
            reset.Add("history");
        }

        if (reset.Count == 0)
            throw DashboardRequest.BadRequest("Reset what? No query resets everything; ?queue=NAME, ?bucket=NAME or ?history one resource.");
        await WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("reset");
            foreach (var item in reset)
                json.WriteStringValue(item);
            json.WriteEndArray();
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task EmptyBucketAsync(string bucket, CancellationToken cancellationToken) =>
        PlatformReset.EmptyBucketAsync(storage, bucket, cancellationToken);
}
