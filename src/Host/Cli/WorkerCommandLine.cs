using System.CommandLine;
using Microsoft.Extensions.Logging;
using Platform.Host.Composition;
using Platform.Host.Workers;

namespace Platform.Host.Cli;

/// <summary>`platform worker`: runs platform.yaml's functions for a `platform up` that dispatches over RabbitMQ.</summary>
internal static class WorkerCommandLine
{
    public static Command Create()
    {
        var config = new Option<string?>("--config")
        {
            Description = "The platform.yaml `platform up` runs (the worker loads its functions)",
        };
        var transport = new Option<string?>("--transport")
        {
            Description = $"The broker: rabbitmq://user:pass@host:5672/vhost (default from {DispatchOptions.EnvironmentVariable})",
        };
        var platformUrl = new Option<string>("--platform-url")
        {
            Description = "`platform up`'s edge URL, which functions call as AWS_ENDPOINT_URL",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PLATFORM_URL") ?? "http://localhost:4566",
        };
        var shutdownTimeout = new Option<int>("--shutdown-timeout")
        {
            Description = "Seconds SIGTERM waits for running invocations; the rest go back to the broker for another worker",
            DefaultValueFactory = _ => 30,
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Warning keeps only problems",
            DefaultValueFactory = _ => LogLevel.Information,
        };

        var otlpEndpoint = new Option<string?>("--otlp-endpoint")
        {
            Description = "Export the worker's traces, metrics and logs over OTLP (default from OTEL_EXPORTER_OTLP_ENDPOINT; unset: no export)",
        };

        var worker = new Command("worker", "Run platform.yaml's functions for a `platform up --transport rabbitmq://…`; start as many as you like")
        {
            config, transport, platformUrl, shutdownTimeout, logLevel, otlpEndpoint,
        };
        worker.SetAction(async (parse, cancellationToken) =>
        {
            DispatchOptions dispatch;
            try
            {
                dispatch = DispatchOptions.Parse(PlatformCommand.TransportOf(parse.GetValue(transport)), runFunctions: true);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"platform worker: {ex.Message}");
                return 2;
            }

            if (dispatch.RabbitMq is not { } broker)
            {
                await Console.Error.WriteLineAsync("platform worker: --transport rabbitmq://user:pass@host:5672/vhost is required " +
                    $"(or {DispatchOptions.EnvironmentVariable}); in memory, `platform up` runs the functions itself.");
                return 2;
            }

            return await WorkerCommand.RunAsync(new WorkerSettings
            {
                Config = PlatformConfigSource.FromFile(parse.GetValue(config) ?? PlatformCommand.DefaultConfigPath()),
                Broker = broker,
                PlatformUrl = parse.GetValue(platformUrl)!,
                ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(shutdownTimeout))),
                LogLevel = parse.GetValue(logLevel),
                OtlpEndpoint = parse.GetValue(otlpEndpoint),
            }, cancellationToken);
        });
        return worker;
    }
}
