using Microsoft.AspNetCore.Http;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Storage.Engine;
using Platform.Host.Dashboard.History;
using Platform.Triggers;
using Platform.Triggers.Sources.Async;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>
/// POST /_platform/reset: without a query, every message of every queue (the functions' pending async
/// events too), every object of every bucket and the invocation history are deleted — buckets, queues,
/// streams, tables, functions and mappings stay. <c>?queue=NAME</c>, <c>?bucket=NAME</c> or <c>?history</c>
/// resets one resource. Objects are deleted as DeleteObjects does, so ObjectRemoved notifications fire.
/// </summary>
internal sealed class ResetAction(QueueEngine queues, StorageEngine storage, InvocationHistory history, IFunctionCatalog catalog,
    QueueViews queueViews)
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
            foreach (var name in queueViews.Names())
                await queues.ClearAsync(name, cancellationToken).ConfigureAwait(false);
            foreach (var function in catalog.Functions)
            {
                var asyncQueue = AsyncInvocationQueue.QueueName(function.Name);
                if (queues.QueueExists(asyncQueue))
                    await queues.ClearAsync(asyncQueue, cancellationToken).ConfigureAwait(false);
            }

            foreach (var info in storage.ListBuckets())
                await EmptyBucketAsync(info.Name, cancellationToken).ConfigureAwait(false);
            reset.Add("queues");
            reset.Add("buckets");
        }

        if (all || query.ContainsKey("history"))
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

    private async Task EmptyBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = storage.ListObjects(new ListObjectsQuery(bucket) { MaxKeys = 1000 });
            if (page.Objects.Count == 0)
                return;
            await storage.DeleteObjectsAsync(bucket, [.. page.Objects.Select(o => o.Key)], RequestOrigin.Internal, cancellationToken).ConfigureAwait(false);
        }
    }
}
