using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Host.Composition;

/// <summary>
/// Reloads platform.yaml when it changes on disk. Watches the file's folder rather than the file,
/// because editors often save by writing a new file and renaming it over the old one.
/// </summary>
internal sealed partial class PlatformConfigWatcher(
    string path,
    ConfigReloader reloader,
    TimeProvider time,
    ILogger<PlatformConfigWatcher> logger) : BackgroundService
{
    /// <summary>Long enough to cover one save's burst of events, short enough to feel immediate.</summary>
    public static readonly TimeSpan QuietTime = TimeSpan.FromMilliseconds(250);

    private readonly QuietPeriod _quiet = new(QuietTime, time);
    private FileSystemWatcher? _watcher;

    /// <summary>
    /// Watches before the host reports ready, not later from <see cref="ExecuteAsync"/> (which .NET
    /// runs in the background): an edit saved right after "ready" would otherwise fall before the
    /// watch and be taken for the start's version.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var file = Path.GetFullPath(path);
        try
        {
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(file)!, Path.GetFileName(file))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => _quiet.Signal();
            watcher.Created += (_, _) => _quiet.Signal();
            watcher.Renamed += (_, _) => _quiet.Signal();
            watcher.Error += (_, e) =>
            {
                // Events may have been lost (an overflow): read the file again to be sure.
                LogWatchError(logger, file, e.GetException().Message);
                _quiet.Signal();
            };
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // E.g. the inotify instance limit: the platform runs on, only without reloads.
            LogCannotWatch(logger, file, ex.Message);
            return Task.CompletedTask;
        }

        // Read after watching starts, so no write falls between the two. A write between the start's
        // load and this read is missed until the next one.
        try
        {
            reloader.Remember(File.ReadAllBytes(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, file, ex.Message);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var file = Path.GetFullPath(path);
        var quiet = _quiet;
        try
        {
            while (true)
            {
                await quiet.WaitAsync(stoppingToken);
                // Gone or half-renamed: the event that brings it back triggers the next read.
                if (await TryReadAsync(file, stoppingToken) is not { } content)
                    continue;
                try
                {
                    await reloader.ReloadAsync(content, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failing hosted service stops the host: one bad reload must not stop the platform.
                    LogReloadFailed(logger, file, ex.ToString());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<byte[]?> TryReadAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(file, cancellationToken);
        }
        catch (IOException ex)
        {
            LogUnreadable(logger, file, ex.Message);
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            LogUnreadable(logger, file, ex.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 522, Level = LogLevel.Warning, Message = "{File} cannot be watched ({Error}); edits to it need a restart")]
    private static partial void LogCannotWatch(ILogger logger, string file, string error);

    [LoggerMessage(EventId = 523, Level = LogLevel.Error, Message = "Reloading {File} failed unexpectedly; the previous configuration keeps running: {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string file, string error);

    [LoggerMessage(EventId = 520, Level = LogLevel.Warning, Message = "{File} cannot be read ({Error}); the running configuration stays until it can")]
    private static partial void LogUnreadable(ILogger logger, string file, string error);

    [LoggerMessage(EventId = 521, Level = LogLevel.Warning, Message = "Watching {File} for changes failed ({Error}); reading it again")]
    private static partial void LogWatchError(ILogger logger, string file, string error);
}
