using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Emulators.Tables.Engine;

/// <summary>Deletes expired TTL items (and trims stream records past retention) every
/// <see cref="TableEngineOptions.TtlSweepInterval"/> on the platform's TimeProvider.</summary>
public sealed partial class TimeToLiveSweeper(TableEngine engine, TimeProvider time, ILogger<TimeToLiveSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(engine.Options.TtlSweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var deleted = await engine.SweepExpiredAsync(stoppingToken).ConfigureAwait(false);
                    if (deleted > 0)
                        LogSwept(logger, deleted);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogSweepFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "TTL sweep deleted {Count} expired items")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TTL sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
