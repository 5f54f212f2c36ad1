using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Storage.Engine;
using Platform.Emulators.Streams.Engine;
using Platform.Emulators.Tables.Engine;
using Platform.Emulators.Topics.Engine;
using Platform.Host.Configuration;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;

namespace Platform.Host.Composition;

/// <summary>Makes platform.yaml true: loads its functions (a bad assembly is a config error),
/// creates its buckets and queues, and writes its S3 triggers into the buckets' notification
/// configurations — before anything starts, so the first event already finds its binding, and
/// again on each reload, where only the difference to the running version is applied.</summary>
internal sealed class ConfigProvisioner(
    PlatformConfig config,
    FunctionRegistry registry,
    FunctionCatalogSource catalog,
    StorageEngine storage,
    QueueEngine queues,
    EventSourceMappingStore mappings,
    IServiceProvider services)
{
    /// <summary>At start: the configuration the platform was started with, all of it.</summary>
    public Task ProvisionAsync(CancellationToken cancellationToken) => ProvisionAsync(null, config, cancellationToken);

    /// <summary>
    /// Applies <paramref name="next"/> where it differs from <paramref name="previous"/> (null at
    /// start: everything). Throws <see cref="ConfigException"/> at the first step that fails; steps
    /// before it stay applied, so a reload restores the previous version by applying it back.
    /// Buckets and queues are only ever created, never deleted.
    /// </summary>
    /// <remarks>The functions are loaded before this returns (a bad assembly throws here, not from
    /// the task): the bus makes its receive endpoints from the registry when it is created, so at
    /// start the host builds the bus while the returned task still writes buckets, queues and
    /// triggers to SQLite, and awaits it before anything starts.</remarks>
    public Task<ConfigDiff> ProvisionAsync(PlatformConfig? previous, PlatformConfig next, CancellationToken cancellationToken)
    {
        var diff = ConfigDiff.Between(previous, next);

        // Loads (which can fail) before removals (which cannot), so a bad assembly leaves the least to undo.
        foreach (var function in diff.AddedFunctions.Concat(diff.ChangedFunctions))
        {
            try
            {
                registry.AddOrReplace(function);
            }
            catch (FunctionLoadException ex)
            {
                throw new ConfigException(next.SourcePath, 0, ex.Message);
            }
        }

        foreach (var name in diff.RemovedFunctions)
            registry.Remove(name);

        // Before the triggers: S3 accepts a notification configuration only for a function it knows.
        catalog.Refresh();

        return ProvisionResourcesAsync(previous, next, diff, cancellationToken);
    }

    /// <summary>The reset's last step (<c>Dashboard/PlatformReset</c>): every resource and trigger
    /// <paramref name="current"/> declares, made where missing, as at start — the functions, already
    /// loaded, are left as they are.</summary>
    public Task ProvisionResourcesAsync(PlatformConfig current, CancellationToken cancellationToken) =>
        ProvisionResourcesAsync(null, current, ConfigDiff.Between(null, current), cancellationToken);

    private async Task<ConfigDiff> ProvisionResourcesAsync(PlatformConfig? previous, PlatformConfig next, ConfigDiff diff, CancellationToken cancellationToken)
    {
        // Every declared one, not just new ones: one deleted through the API comes back, as the file says.
        foreach (var bucket in ConfigDiff.DeclaredBuckets(next))
            await Provision(next, 0, $"bucket '{bucket}'", () => storage.EnsureBucketAsync(bucket, cancellationToken));

        foreach (var queue in next.Queues)
            await Provision(next, 0, $"queue '{queue.Name}'", () => queues.CreateQueueAsync(queue.Name, queue.Attributes, cancellationToken: cancellationToken));

        // Before the mappings: a `kinesis:` trigger is validated against its stream.
        if (next.Streams.Count > 0 && services.GetService<StreamEngine>() is { } streams)
        {
            foreach (var stream in next.Streams.Where(s => !streams.StreamExists(s.Name)))
                await Provision(next, stream.Line, $"stream '{stream.Name}'", () => streams.CreateStreamAsync(stream.Name, stream.ShardCount, cancellationToken: cancellationToken));
        }

        if (next.Tables.Count > 0 && services.GetService<TableEngine>() is { } tables)
        {
            foreach (var table in next.Tables.Where(t => !tables.TableExists(t.Definition.Name)))
            {
                await Provision(next, table.Line, $"table '{table.Definition.Name}'", async () =>
                {
                    await tables.CreateTableAsync(table.Definition, cancellationToken: cancellationToken);
                    if (table.TtlAttribute is { } ttl)
                        await tables.UpdateTimeToLiveAsync(table.Definition.Name, ttl, enabled: true, cancellationToken);
                });
            }
        }

        if ((next.Topics.Count > 0 || next.SnsTriggers.Count > 0) && services.GetService<TopicEngine>() is { } topics)
            await TopicProvisioner.ApplyAsync(topics, next, (line, what, action) => Provision(next, line, what, action), cancellationToken);
        if (services.GetService<EventEngine>() is { } events)
            await EventsProvisioning.ApplyAsync(events, next, Provision, cancellationToken);

        foreach (var bucket in TriggerBuckets(previous, diff))
        {
            var declared = next.S3Triggers.Where(t => t.Bucket == bucket).ToList();
            var configuration = DeclaredNotifications(next, declared);
            await Provision(next, declared.FirstOrDefault()?.Line ?? 0, $"the S3 notifications of bucket '{bucket}'",
                () => storage.ApplyDeclaredNotificationsAsync(bucket, configuration, ConfigLoader.S3TriggerIdPrefix, cancellationToken));
        }

        // After the queues: a mapping may read from a queue the same file declares.
        await ProvisionMappingsAsync(previous, next, diff, cancellationToken);
        return diff;
    }

    /// <summary>
    /// Validates every declared mapping through its source kind's rules (a function's new timeout
    /// can invalidate an unchanged one), and only then writes: at start whatever differs from the
    /// store, on a reload what changed in the file — so a mapping disabled through the Lambda API
    /// stays so until its declaration changes. Mappings of the file that left it are deleted;
    /// those created through the API are never touched.
    /// </summary>
    private async Task ProvisionMappingsAsync(PlatformConfig? previous, PlatformConfig next, ConfigDiff diff, CancellationToken cancellationToken)
    {
        // Resolved only now, after the functions are loaded: the factories need the invoker, whose
        // bus makes its receive endpoints from the registry the moment it is built.
        var mappingFactories = services.GetServices<ISourceWorkerFactory>().ToArray();
        var validated = new List<EventSourceMapping>();
        foreach (var declaration in next.Mappings)
        {
            var mapping = ResolveTableStream(next, declaration);
            var factory = mappingFactories.LastOrDefault(f => f.Kind == mapping.Kind)
                ?? throw new ConfigException(next.SourcePath, declaration.Line,
                    $"the trigger on {mapping.EventSourceArn}: this platform has no event source mapping support for {mapping.Kind} sources.");
            try
            {
                validated.Add(factory.Validate(mapping));
            }
            catch (MappingValidationException ex)
            {
                throw new ConfigException(next.SourcePath, declaration.Line, $"the trigger on {mapping.EventSourceArn}: {ex.Message}");
            }
        }

        var changed = diff.AddedMappings.Concat(diff.ChangedMappings).Select(m => m.Uuid).ToHashSet(StringComparer.Ordinal);
        foreach (var mapping in validated)
        {
            var stored = mappings.Get(mapping.Uuid);
            var write = stored is null || (previous is null ? !stored.IsEquivalentTo(mapping) : changed.Contains(mapping.Uuid));
            if (write)
                await mappings.PutAsync(mapping, cancellationToken);
        }

        var declared = validated.Select(m => m.Uuid).ToHashSet(StringComparer.Ordinal);
        foreach (var stored in mappings.List())
        {
            if (stored.Origin == MappingOrigins.Config && !declared.Contains(stored.Uuid))
                await mappings.DeleteAsync(stored.Uuid, cancellationToken);
        }
    }

    /// <summary>A bucket's declarations as the configuration S3 would hold: functions' `- s3:` triggers,
    /// the bucket's queues and topics, and its EventBridge switch.</summary>
    private static NotificationConfiguration DeclaredNotifications(PlatformConfig next, List<S3TriggerDeclaration> declared) =>
        new(declared.Where(t => t.Function.Length > 0).Select(t => new LambdaFunctionConfiguration
        {
            Id = t.Id, FunctionArn = FunctionDefinition.ArnOf(next.Region, next.AccountId, t.Function), Events = t.Events, Prefix = t.Prefix, Suffix = t.Suffix,
        }).ToList())
        {
            QueueConfigurations = declared.Where(t => t.QueueArn is not null).Select(t => new QueueConfiguration
            {
                Id = t.Id, QueueArn = t.QueueArn!, Events = t.Events, Prefix = t.Prefix, Suffix = t.Suffix,
            }).ToList(),
            TopicConfigurations = declared.Where(t => t.TopicArn is not null).Select(t => new TopicConfiguration
            {
                Id = t.Id, TopicArn = t.TopicArn!, Events = t.Events, Prefix = t.Prefix, Suffix = t.Suffix,
            }).ToList(),
            EventBridge = declared.Any(t => t.EventBridge) ? new EventBridgeConfiguration() : null,
        };

    /// <summary>On a reload, the buckets whose declared triggers differ (an empty declaration removes
    /// them). At start, every bucket with declared triggers in the file or in storage: those removed
    /// from the file while the platform was down go too.</summary>
    private IEnumerable<string> TriggerBuckets(PlatformConfig? previous, ConfigDiff diff) =>
        previous is not null
            ? diff.TriggerBuckets
            : diff.TriggerBuckets
                .Concat(storage.ListNotificationConfigurations()
                    .Where(n => n.Configuration.Entries.Any(c => c.Id.StartsWith(ConfigLoader.S3TriggerIdPrefix, StringComparison.Ordinal)))
                    .Select(n => n.Bucket))
                .Distinct(StringComparer.Ordinal);

    /// <summary>Turns an emulator's refusal (an invalid name, overlapping filters) into a config error.</summary>
    /// <summary>A `dynamodb: {table}` trigger reads the table's current stream, whose ARN exists only once the table does.</summary>
    private EventSourceMapping ResolveTableStream(PlatformConfig next, MappingDeclaration declaration)
    {
        var mapping = declaration.Mapping;
        if (!mapping.EventSourceArn.EndsWith(MappingDeclarationReader.LatestStreamSuffix, StringComparison.Ordinal))
            return mapping;
        var tableArn = mapping.EventSourceArn[..^MappingDeclarationReader.LatestStreamSuffix.Length];
        var table = tableArn[(tableArn.IndexOf(":table/", StringComparison.Ordinal) + ":table/".Length)..];
        var stream = services.GetService<TableEngine>() is { } tables && tables.TableExists(table) ? tables.DescribeTable(table).Table.Stream : null;
        return stream is null
            ? throw new ConfigException(next.SourcePath, declaration.Line,
                $"the dynamodb trigger on table '{table}': the table does not exist or has no stream; declare it under tables: with a stream: view type.")
            : mapping with { EventSourceArn = stream.Arn };
    }

    private static async Task Provision(PlatformConfig next, int line, string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is StorageException or QueueException or StreamException or TableException or EventsException)
        {
            throw new ConfigException(next.SourcePath, line, $"{what}: {ex.Message}");
        }
    }
}
