using Microsoft.Extensions.Logging;

namespace Platform.Runtime.Registry;

/// <summary>
/// Watches a function's code folder and reloads the function once its files stop changing for
/// <see cref="QuietTime"/> — a build or a copy writes many files in a burst, and one reload should
/// follow all of them (the same reasoning as platform.yaml's watcher). Hidden folders, Python's
/// bytecode caches and editor swap files are ignored: a function writing those is not new code.
/// </summary>
internal sealed partial class FunctionCodeWatcher : IDisposable
{
    public static readonly TimeSpan QuietTime = TimeSpan.FromMilliseconds(300);

    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _timer;

    private FunctionCodeWatcher(string directory, FileSystemWatcher watcher, ITimer timer)
    {
        Directory = directory;
        _watcher = watcher;
        _timer = timer;
    }

    public string Directory { get; }

    public static FunctionCodeWatcher? TryStart(string function, string directory, IReadOnlyList<string> ignore, TimeProvider time, Func<string, Task> reload, ILogger logger)
    {
        FileSystemWatcher watcher;
        try
        {
            watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.DirectoryName,
                IncludeSubdirectories = true,
            };
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            LogCannotWatch(logger, function, directory, e.Message);
            return null;
        }

        var timer = time.CreateTimer(_ => _ = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var result = new FunctionCodeWatcher(directory, watcher, timer);
        void Changed(string? path)
        {
            if (path is not null && (Ignored(Path.GetRelativePath(directory, path))
                                     || ignore.Any(i => path.StartsWith(i.TrimEnd('/') + "/", StringComparison.Ordinal))))
                return;
            timer.Change(QuietTime, Timeout.InfiniteTimeSpan);
        }

        async Task RunAsync()
        {
            try
            {
                await reload(function).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogReloadFailed(logger, function, e.Message);
            }
        }

        watcher.Changed += (_, e) => Changed(e.FullPath);
        watcher.Created += (_, e) => Changed(e.FullPath);
        watcher.Deleted += (_, e) => Changed(e.FullPath);
        watcher.Renamed += (_, e) => Changed(e.FullPath);
        watcher.Error += (_, _) => Changed(null);
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // E.g. the inotify watch limit: the function runs on, only without hot reload.
            LogCannotWatch(logger, function, directory, e.Message);
            result.Dispose();
            return null;
        }

        return result;
    }

    private static bool Ignored(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') || part == "__pycache__")
        || relative.EndsWith(".pyc", StringComparison.Ordinal)
        || relative.EndsWith(".swp", StringComparison.Ordinal)
        || relative.EndsWith('~');

    public void Dispose()
    {
        _watcher.Dispose();
        _timer.Dispose();
    }

    [LoggerMessage(EventId = 722, Level = LogLevel.Warning, Message = "{Function}: {Directory} cannot be watched ({Error}); code changes need a restart")]
    private static partial void LogCannotWatch(ILogger logger, string function, string directory, string error);

    [LoggerMessage(EventId = 723, Level = LogLevel.Error, Message = "{Function}: reloading its code failed unexpectedly: {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string function, string error);
}
