using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Storage.Engine;
using Platform.Emulators.Streams.Engine;
using Platform.Emulators.Tables.Engine;
using Platform.Emulators.Topics.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Host.Dashboard.History;
using Platform.Triggers;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources.Async;

namespace Platform.Host.Dashboard;

/// <summary>
/// Puts the platform back to what its configuration declares — the one reset, behind
/// <c>POST /_platform/reset</c> and the test host's <c>Reset()</c>. Every message of every queue goes
/// (the functions' async queues too, so no retry is left due), every object of every bucket; queues,
/// buckets, streams, tables, topics, rules, schedules and event source mappings made at run time are
/// deleted; declared tables are made again empty; then the configuration is provisioned again, so what it
/// declares exists as at start. Functions stay loaded. What it does not reset is in docs/dashboard.md.
/// </summary>
internal sealed class PlatformReset(
    CurrentPlatformConfig current,
    ConfigProvisioner provisioner,
    QueueEngine queues,
    StorageEngine storage,
    EventSourceMappingStore mappings,
    IFunctionCatalog catalog,
    InvocationHistory history,
    ApiGateway.HttpRequestLog httpRequests,
    IServiceProvider services)
{
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        var config = current.Value;

        // First the mappings made through the Lambda API: their workers stop reading before their sources go.
        foreach (var mapping in mappings.List().Where(m => m.Origin != MappingOrigins.Config))
            await mappings.DeleteAsync(mapping.Uuid, cancellationToken).ConfigureAwait(false);

        await ResetQueuesAsync(config, cancellationToken).ConfigureAwait(false);
        await ResetBucketsAsync(config, cancellationToken).ConfigureAwait(false);
        await ResetStreamsAsync(config, cancellationToken).ConfigureAwait(false);
        await ResetTablesAsync(config, cancellationToken).ConfigureAwait(false);
        await ResetTopicsAsync(config, cancellationToken).ConfigureAwait(false);
        await ResetEventsAsync(config, cancellationToken).ConfigureAwait(false);
        await history.ClearAsync(cancellationToken).ConfigureAwait(false);
        httpRequests.Clear();

        // What the configuration declares, made again where it is missing (the declared tables, …).
        await provisioner.ProvisionResourcesAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private async Task ResetQueuesAsync(PlatformConfig config, CancellationToken cancellationToken)
    {
        var declared = config.Queues.Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
        string? next = null;
        var names = new List<string>();
        do
        {
            var page = queues.ListQueues(nextToken: next);
            names.AddRange(page.QueueUrls.Select(url => url[(url.LastIndexOf('/') + 1)..]));
            next = page.NextToken;
        }
        while (next is not null);

        foreach (var name in names)
        {
            if (declared.Contains(name))
                await queues.ClearAsync(name, cancellationToken).ConfigureAwait(false);
            else
                await queues.DeleteQueueAsync(name, cancellationToken).ConfigureAwait(false);
        }

        // The functions' own async queues: pending events and the retries waiting out their delay.
        foreach (var function in catalog.Functions)
        {
            var asyncQueue = AsyncInvocationQueue.QueueName(function.Name);
            if (queues.QueueExists(asyncQueue))
                await queues.ClearAsync(asyncQueue, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ResetBucketsAsync(PlatformConfig config, CancellationToken cancellationToken)
    {
        var declared = ConfigDiff.DeclaredBuckets(config).ToHashSet(StringComparer.Ordinal);
        foreach (var bucket in storage.ListBuckets())
        {
            await EmptyBucketAsync(storage, bucket.Name, cancellationToken).ConfigureAwait(false);
            if (!declared.Contains(bucket.Name))
                await storage.DeleteBucketAsync(bucket.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the objects as DeleteObjects does, so ObjectRemoved notifications fire for them.</summary>
    public static async Task EmptyBucketAsync(StorageEngine storage, string bucket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = storage.ListObjects(new ListObjectsQuery(bucket) { MaxKeys = 1000 });
            if (page.Objects.Count == 0)
                return;
            await storage.DeleteObjectsAsync(bucket, [.. page.Objects.Select(o => o.Key)], RequestOrigin.Internal, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ResetStreamsAsync(PlatformConfig config, CancellationToken cancellationToken)
    {
        if (services.GetService<StreamEngine>() is not { } streams)
            return;
        // Declared streams keep their records: a declared mapping's checkpoint points into them.
        var declared = config.Streams.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        string? after = null;
        var undeclared = new List<string>();
        while (true)
        {
            var page = streams.ListStreams(after, 100);
            if (page.Streams.Count == 0)
                break;
            undeclared.AddRange(page.Streams.Select(s => s.StreamName).Where(n => !declared.Contains(n)));
            after = page.Streams[^1].StreamName;
            if (!page.HasMoreStreams)
                break;
        }

        foreach (var name in undeclared)
            await streams.DeleteStreamAsync(name, cancellationToken).ConfigureAwait(false);
    }

    private async Task ResetTablesAsync(PlatformConfig config, CancellationToken cancellationToken)
    {
        if (services.GetService<TableEngine>() is not { } tables)
            return;
        // Every table goes, declared ones too: provisioning makes those again, empty (a declared
        // `dynamodb:` trigger is pointed at the new table's stream by the same provisioning).
        foreach (var table in tables.Tables.Select(t => t.Definition.Name).ToList())
            await tables.DeleteTableAsync(table, cancellationToken).ConfigureAwait(false);
    }

    private async Task ResetTopicsAsync(PlatformConfig config, CancellationToken cancellationToken)
    {
        if (services.GetService<TopicEngine>() is not { } topics)
            return;
        var declared = config.Topics.Select(t => topics.TopicArn(t.Name)).ToHashSet(StringComparer.Ordinal);
        string? next = null;
        var undeclared = new List<string>();
        do
        {
            var (arns, token) = topics.ListTopics(next);
            undeclared.AddRange(arns.Where(a => !declared.Contains(a)));
            next = token;
        }
        while (next is not null);

        foreach (var arn in undeclared)
            await topics.DeleteTopicAsync(arn, cancellationToken).ConfigureAwait(false);
    }

    private async Task ResetEventsAsync(PlatformConfig config, CancellationToken cancellationToken)
    {
        if (services.GetService<EventEngine>() is not { } events)
            return;
        var declaredRules = config.Rules.Select(r => (r.Bus ?? "default", r.Name)).ToHashSet();
        var (buses, _) = events.ListEventBuses(null, null, null);
        foreach (var bus in buses)
        {
            var (rules, _) = events.ListRules(bus.Name, null, null, null);
            foreach (var rule in rules.Where(r => !declaredRules.Contains((r.EventBusName, r.Name))))
            {
                // A rule with targets cannot be deleted (EventBridge's rule): its targets go first.
                var (targets, _) = events.ListTargetsByRule(bus.Name, rule.Name, null, null);
                var ids = targets.Select(t => System.Text.Json.JsonDocument.Parse(t).RootElement.GetProperty("Id").GetString()!).ToList();
                if (ids.Count > 0)
                    await events.RemoveTargetsAsync(bus.Name, rule.Name, ids, cancellationToken).ConfigureAwait(false);
                await events.DeleteRuleAsync(bus.Name, rule.Name, cancellationToken).ConfigureAwait(false);
            }
        }

        var declaredSchedules = config.Schedules.Select(s => (s.Group ?? "default", s.Name)).ToHashSet();
        var (schedules, _) = events.ListSchedules(null, null, null, null, null);
        foreach (var schedule in schedules.Where(s => !declaredSchedules.Contains((s.GroupName, s.Name))))
            await events.DeleteScheduleAsync(schedule.Name, schedule.GroupName, cancellationToken).ConfigureAwait(false);
    }
}
