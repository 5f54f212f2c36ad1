using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Storage.Engine;
using Platform.Host.Configuration;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Host.Composition;

/// <summary>Makes platform.yaml true before anything starts: loads its functions (a bad assembly
/// stops the start with a clear error), creates its buckets and queues, and writes its S3 triggers
/// into the buckets' notification configurations — so the first event already finds its binding.</summary>
internal sealed class ConfigProvisioner(
    PlatformConfig config,
    FunctionRegistry registry,
    FunctionCatalogSource catalog,
    StorageEngine storage,
    QueueEngine queues)
{
    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        foreach (var function in config.Functions)
        {
            try
            {
                registry.AddOrReplace(function);
            }
            catch (FunctionLoadException ex)
            {
                throw new ConfigException(config.SourcePath, 0, ex.Message);
            }
        }

        catalog.Refresh();

        foreach (var bucket in config.Buckets.Concat(config.S3Triggers.Select(t => t.Bucket)).Distinct(StringComparer.Ordinal))
            await Provision($"bucket '{bucket}'", () => storage.EnsureBucketAsync(bucket, cancellationToken));

        foreach (var queue in config.Queues)
            await Provision($"queue '{queue.Name}'", () => queues.CreateQueueAsync(queue.Name, queue.Attributes, cancellationToken: cancellationToken));

        // Every bucket that has or had declared triggers: declarations removed from the file are removed too.
        var buckets = config.S3Triggers.Select(t => t.Bucket)
            .Concat(storage.ListNotificationConfigurations()
                .Where(n => n.Configuration.LambdaFunctionConfigurations.Any(c => c.Id.StartsWith(ConfigLoader.S3TriggerIdPrefix, StringComparison.Ordinal)))
                .Select(n => n.Bucket))
            .Distinct(StringComparer.Ordinal);
        foreach (var bucket in buckets)
        {
            var declared = config.S3Triggers.Where(t => t.Bucket == bucket).Select(t => new LambdaFunctionConfiguration
            {
                Id = t.Id,
                FunctionArn = $"arn:aws:lambda:{config.Region}:{config.AccountId}:function:{t.Function}",
                Events = t.Events,
                Prefix = t.Prefix,
                Suffix = t.Suffix,
            }).ToList();
            await Provision($"the S3 triggers of bucket '{bucket}'",
                () => storage.ApplyDeclaredNotificationsAsync(bucket, declared, ConfigLoader.S3TriggerIdPrefix, cancellationToken));
        }
    }

    /// <summary>Turns an emulator's refusal (an invalid name, overlapping filters) into a config error.</summary>
    private async Task Provision(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is StorageException or QueueException)
        {
            throw new ConfigException(config.SourcePath, 0, $"{what}: {ex.Message}");
        }
    }
}
