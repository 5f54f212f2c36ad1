using MassTransit;

namespace Platform.Host.Composition;

/// <summary>How `up` and `worker` connect to RabbitMQ from a <c>rabbitmq://user:pass@host:port/vhost</c> address.</summary>
internal static class RabbitMqBroker
{
    public const int DefaultPort = 5672;

    public static void UseBroker(this IRabbitMqBusFactoryConfigurator transport, Uri broker, string connectionName)
    {
        var (user, password) = Credentials(broker);
        var port = broker.Port > 0 ? broker.Port : DefaultPort;
        transport.Host(broker.Host, (ushort)port, VirtualHost(broker), host =>
        {
            host.Username(user);
            host.Password(password);
            // A send completes only once the broker has the message (a lost request would otherwise
            // wait out its timeout); requests and responses are persistent, their queues durable.
            host.PublisherConfirmation = true;
            // A dead peer (a killed worker on another machine) is noticed within ~2 heartbeats, and
            // the broker hands its unacknowledged invocations to another worker.
            host.Heartbeat(TimeSpan.FromSeconds(10));
            host.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
            host.ConnectionName(connectionName);
        });
    }

    public static string VirtualHost(Uri broker)
    {
        var path = Uri.UnescapeDataString(broker.AbsolutePath.Trim('/'));
        return path.Length == 0 ? "/" : path;
    }

    private static (string User, string Password) Credentials(Uri broker)
    {
        if (broker.UserInfo.Length == 0)
            return ("guest", "guest");
        var colon = broker.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(broker.UserInfo), "")
            : (Uri.UnescapeDataString(broker.UserInfo[..colon]), Uri.UnescapeDataString(broker.UserInfo[(colon + 1)..]));
    }
}
