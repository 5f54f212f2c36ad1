using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.EventBridge;

/// <summary>Runs the EventBridge delivery step on the shared <see cref="PollingLoop"/> (errors, backoff,
/// shutdown). Deliveries cut off by a stop stay in the outbox and go out after the next start.</summary>
public sealed class EventDeliveryService(EventDeliveryPoller poller, TimeProvider time, TriggerOptions options, ILoggerFactory loggerFactory)
    : BackgroundService
{
    private PollingLoop? _loop;

    public PollerStatus? Status => _loop?.Status;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _loop = new PollingLoop(poller, time, options, loggerFactory.CreateLogger<PollingLoop>());
        return _loop.RunAsync(stoppingToken);
    }
}
