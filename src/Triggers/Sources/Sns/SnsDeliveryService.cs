using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.Sns;

/// <summary>Runs SNS's two delivery lanes (fan-out, HTTP) on the shared <see cref="PollingLoop"/>,
/// each woken by the topic engine's outbox signal.</summary>
public sealed class SnsDeliveryService(SnsFanoutPoller fanout, SnsHttpPoller http, TimeProvider time, TriggerOptions options, ILoggerFactory loggers)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        new PollingLoop(fanout, time, options, loggers.CreateLogger<PollingLoop>()).RunAsync(stoppingToken),
        new PollingLoop(http, time, options, loggers.CreateLogger<PollingLoop>()).RunAsync(stoppingToken));
}
