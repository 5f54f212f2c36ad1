using MassTransit;
using Platform.Triggers.Dispatch;

namespace Platform.Host.Composition;

/// <summary>
/// The RabbitMQ bus is ready while it is not unhealthy (connected, its endpoints consuming). MassTransit
/// exposes health only as a pull, so a lost connection is re-checked every <see cref="RecheckInterval"/>;
/// while connected this is one check per invocation.
/// </summary>
internal sealed class BrokerReadiness(IBusControl bus, TimeProvider time) : IDispatchReadiness
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(200);

    public async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (bus.CheckHealth().Status == BusHealthStatus.Unhealthy)
        {
            var left = timeout - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                return false;
            await Task.Delay(left < RecheckInterval ? left : RecheckInterval, time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
