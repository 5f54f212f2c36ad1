using MassTransit;
using Microsoft.Extensions.Logging;

namespace Platform.Host.Composition;

/// <summary>
/// Reports each RabbitMQ receive endpoint as it (re)connects and when it loses the broker: MassTransit
/// reconnects with backoff by itself, and this makes an outage and its end visible in the log (health
/// reports it on /_platform/health) instead of silent.
/// </summary>
internal sealed partial class BrokerConnectionLog(ILogger<BrokerConnectionLog> logger) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready)
    {
        LogReady(logger, ready.InputAddress);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        LogFaulted(logger, faulted.InputAddress, faulted.Exception?.Message ?? "no detail");
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 520, Level = LogLevel.Information, Message = "Broker endpoint ready: {Address}")]
    private static partial void LogReady(ILogger logger, Uri address);

    [LoggerMessage(EventId = 521, Level = LogLevel.Warning, Message = "Broker endpoint {Address} lost its connection ({Error}); reconnecting with backoff")]
    private static partial void LogFaulted(ILogger logger, Uri address, string error);
}
