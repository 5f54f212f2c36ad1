using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;
using Platform.Runtime;
using Platform.Runtime.Dispatch;
using Platform.Runtime.Registry;

namespace Platform.Host.Workers;

/// <summary>
/// Tells `platform up` this worker is alive and what it runs, every <see cref="WorkerSettings.HeartbeatInterval"/>,
/// and that it is stopping when SIGTERM arrives. A heartbeat that cannot be sent (the broker is
/// away) is reported once and retried at the next tick; it carries no work, so nothing is lost.
/// </summary>
internal sealed partial class WorkerHeartbeatPublisher(
    IBus bus,
    DispatchActivity activity,
    FunctionRegistry registry,
    RuntimeOptions runtime,
    WorkerSettings settings,
    TimeProvider time,
    ILogger<WorkerHeartbeatPublisher> logger) : BackgroundService
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.HeartbeatInterval, time);
        try
        {
            do
            {
                await PublishAsync(stopping: false, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // Before the bus drains: `up` shows the worker as stopping at once instead of lost later.
        await PublishAsync(stopping: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(bool stopping, CancellationToken cancellationToken)
    {
        var heartbeat = new WorkerHeartbeat
        {
            WorkerId = runtime.WorkerName,
            Host = Environment.MachineName,
            ProcessId = Environment.ProcessId,
            StartedAt = _startedAt,
            SentAt = time.GetUtcNow(),
            Interval = settings.HeartbeatInterval,
            Functions = registry.Definitions.Select(f => f.Name).Order(StringComparer.Ordinal).ToList(),
            InFlight = activity.Snapshot(),
            Completed = activity.Completed,
            Stopping = stopping,
        };

        // A send waits for the broker; one that cannot get through by the next tick is given up.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.HeartbeatInterval);
        try
        {
            await bus.Publish(heartbeat, context => context.TimeToLive = settings.HeartbeatInterval * WorkerDirectory.MissedHeartbeats,
                deadline.Token).ConfigureAwait(false);
            if (_failing)
                LogHeartbeatRestored(logger);
            _failing = false;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested || stopping)
        {
            if (!_failing)
                LogHeartbeatFailed(logger, ex.Message);
            _failing = true;
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Heartbeat not sent ({Error}); retrying at every interval until the broker takes it")]
    private static partial void LogHeartbeatFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Heartbeats reach the broker again")]
    private static partial void LogHeartbeatRestored(ILogger logger);
}
