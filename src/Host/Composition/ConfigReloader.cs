using System.Security.Cryptography;
using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Host.Configuration;
using Platform.Runtime.Registry;

namespace Platform.Host.Composition;

/// <summary>
/// Applies a new version of platform.yaml to the running platform, all or nothing: an invalid file
/// or a step refused on the way (an assembly that does not load, overlapping trigger filters) is
/// logged as one error line naming the file and line, and the previous version keeps running.
/// </summary>
internal sealed partial class ConfigReloader(
    ConfigProvisioner provisioner,
    CurrentPlatformConfig current,
    FunctionEndpoints endpoints,
    FunctionRegistry registry,
    IReceiveEndpointConnector connector,
    ILogger<ConfigReloader> logger)
{
    private byte[] _lastHash = [];

    /// <summary>The bytes the running version was read from, so that rewriting them changes nothing.</summary>
    public void Remember(ReadOnlySpan<byte> content) => _lastHash = SHA256.HashData(content);

    /// <summary>Reloads from the file's new content. Calls are not concurrent (one watcher).</summary>
    public async Task<ReloadOutcome> ReloadAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var hash = SHA256.HashData(content.Span);
        if (hash.AsSpan().SequenceEqual(_lastHash))
        {
            LogUnchanged(logger, current.Value.SourcePath);
            return ReloadOutcome.Unchanged;
        }

        // Remembered even if rejected: the same invalid bytes saved again are not reported twice.
        _lastHash = hash;
        var previous = current.Value;
        PlatformConfig next;
        try
        {
            using var reader = new StreamReader(new MemoryStream(content.ToArray()), detectEncodingFromByteOrderMarks: true);
            next = ConfigLoader.Parse(reader, previous.SourcePath);
        }
        catch (ConfigException ex)
        {
            LogRejected(logger, ex.Message);
            return ReloadOutcome.Rejected;
        }

        // The emulators' ARNs and queue URLs were built from them at start.
        if (next.Region != previous.Region || next.AccountId != previous.AccountId)
        {
            LogRejected(logger, $"{previous.SourcePath}: region and accountId cannot change while the platform runs; " +
                                $"keep '{previous.Region}' and '{previous.AccountId}' or restart the platform.");
            return ReloadOutcome.Rejected;
        }

        ConfigDiff diff;
        try
        {
            diff = await provisioner.ProvisionAsync(previous, next, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RestoreAsync(next, previous, cancellationToken).ConfigureAwait(false);
            // Unlike a parse error, this depends on more than the bytes (an assembly not built yet):
            // saving the same file again retries.
            _lastHash = [];
            LogRejected(logger, ex is ConfigException ? ex.Message : $"{previous.SourcePath}: {ex.Message}");
            return ReloadOutcome.Rejected;
        }

        current.Value = next;
        try
        {
            await endpoints.ReconcileAsync(connector, registry.Definitions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The configuration is applied; only the transport side of a function lags behind.
            LogEndpointsFailed(logger, ex.Message);
        }

        LogReloaded(logger, next.SourcePath, diff.Summary());
        if (diff.DroppedBuckets.Count + diff.DroppedQueues.Count > 0)
            LogResourcesKept(logger, next.SourcePath, string.Join(", ",
                diff.DroppedBuckets.Select(b => $"bucket '{b}'").Concat(diff.DroppedQueues.Select(q => $"queue '{q}'"))));
        return ReloadOutcome.Applied;
    }

    /// <summary>A step failed part-way: applying the previous version over what was done restores it
    /// (applying is idempotent). Buckets and queues created on the way stay, as they always do.</summary>
    private async Task RestoreAsync(PlatformConfig failed, PlatformConfig previous, CancellationToken cancellationToken)
    {
        try
        {
            await provisioner.ProvisionAsync(failed, previous, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRestoreFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Reloaded {File}: {Changes}")]
    private static partial void LogReloaded(ILogger logger, string file, string changes);

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Reload rejected, the previous configuration keeps running: {Error}")]
    private static partial void LogRejected(ILogger logger, string error);

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "{File} no longer declares {Resources}; kept: a reload creates resources but never deletes them")]
    private static partial void LogResourcesKept(ILogger logger, string file, string resources);

    [LoggerMessage(EventId = 503, Level = LogLevel.Debug, Message = "{File} was written without changes; nothing to reload")]
    private static partial void LogUnchanged(ILogger logger, string file);

    [LoggerMessage(EventId = 504, Level = LogLevel.Error, Message = "Restoring the previous configuration after a rejected reload failed; restart the platform: {Error}")]
    private static partial void LogRestoreFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 505, Level = LogLevel.Error, Message = "Reload applied, but connecting the functions' dispatch endpoints failed: {Error}")]
    private static partial void LogEndpointsFailed(ILogger logger, string error);
}
