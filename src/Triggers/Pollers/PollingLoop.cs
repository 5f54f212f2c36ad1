using Microsoft.Extensions.Logging;

namespace Platform.Triggers.Pollers;

/// <summary>
/// The one polling loop (Wolverine's BackgroundReceiveLoop, LocalStack's esm_worker): repeats the
/// poller's step, waits on the poller's own signal when it is caught up — never on a fixed
/// interval — and backs off exponentially (capped) while steps fail, so a broken source neither
/// spins nor goes quiet for long once it recovers.
/// </summary>
public sealed partial class PollingLoop(IPoller poller, TimeProvider time, TriggerOptions options, ILogger<PollingLoop> logger)
{
    private volatile PollerStatus _status = new() { Name = poller.Name };

    public string Name => poller.Name;

    public PollerStatus Status => _status;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _status = _status with { Running = true };
        LogStarted(logger, poller.Name);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var result = await poller.PollOnceAsync(cancellationToken).ConfigureAwait(false);
                    if (_status.ConsecutiveFailures > 0)
                        LogRecovered(logger, poller.Name, _status.ConsecutiveFailures);
                    _status = _status with
                    {
                        ConsecutiveFailures = 0,
                        LastWorkAt = result == PollResult.DidWork ? time.GetUtcNow() : _status.LastWorkAt,
                    };

                    if (result == PollResult.Idle)
                        await poller.WaitForWorkAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    var failures = _status.ConsecutiveFailures + 1;
                    _status = _status with { ConsecutiveFailures = failures, LastError = ex.Message, LastErrorAt = time.GetUtcNow() };
                    var delay = Backoff(failures);
                    LogFailed(logger, poller.Name, failures, delay.TotalMilliseconds, ex);
                    try
                    {
                        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            _status = _status with { Running = false };
            LogStopped(logger, poller.Name);
        }
    }

    internal TimeSpan Backoff(int failures) => global::Platform.Triggers.Pollers.Backoff.AfterPollFailure(options, failures);

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Poller {Poller} started")]
    private static partial void LogStarted(ILogger logger, string poller);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Poller {Poller} stopped")]
    private static partial void LogStopped(ILogger logger, string poller);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Poller {Poller} failed ({Failures} in a row); retrying in {DelayMs} ms")]
    private static partial void LogFailed(ILogger logger, string poller, int failures, double delayMs, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Poller {Poller} recovered after {Failures} failures")]
    private static partial void LogRecovered(ILogger logger, string poller, int failures);
}
