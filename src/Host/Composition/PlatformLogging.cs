using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Platform.Host.Composition;

/// <summary>The console logging of every `platform` process (`up` and `worker`): one line per event,
/// the level from --log-level, framework chatter only from Warning up — MassTransit's broker
/// connection failures and retries are warnings, so a lost broker is reported, never silent.
/// Environment variables still configure it (Logging__LogLevel__Platform=Debug).</summary>
internal static class PlatformLogging
{
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration, LogLevel level)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("MassTransit", LogLevel.Warning);
    }
}
