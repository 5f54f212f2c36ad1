using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Runtime;
using Platform.Runtime.Dispatch;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Host.Workers;

/// <summary>
/// The composition root of `platform worker`: the runtime only — platform.yaml's functions, each
/// consuming its durable RabbitMQ queue with prefetch = its concurrency — and a heartbeat. No APIs,
/// no pollers: `platform up` owns the sources and sends the invocations. Workers compete for the
/// queues, so any number can join or leave at any time.
/// </summary>
public sealed class WorkerApp : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerApp(IHost host, PlatformConfig config, string workerId, TimeSpan startupTime)
    {
        _host = host;
        Config = config;
        WorkerId = workerId;
        StartupTime = startupTime;
    }

    public PlatformConfig Config { get; }
    public string WorkerId { get; }
    public TimeSpan StartupTime { get; }
    public IServiceProvider Services => _host.Services;

    /// <summary>Loads the functions (a bad assembly is a <see cref="ConfigException"/>) and returns
    /// once the worker consumes their queues — which waits for the broker if it is not up yet.</summary>
    public static async Task<WorkerApp> StartAsync(WorkerSettings settings, Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var config = settings.Config.Load();

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddEnvironmentVariables();
        PlatformLogging.Configure(builder.Logging, builder.Configuration, settings.LogLevel);
        // The function spans here continue the trace `platform up` sent with each InvokeFunction.
        var otlp = !string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? settings.OtlpEndpoint
            : Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } variable ? variable : null;
        if (otlp is not null)
            Telemetry.OtlpTelemetry.Add(builder.Services, otlp, "platform-worker", gauges: false);

        // The host waits a little longer than the bus, which waits for running invocations first.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout + TimeSpan.FromSeconds(5));
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = settings.ShutdownTimeout + TimeSpan.FromSeconds(3);
            o.ConsumerStopTimeout = settings.ShutdownTimeout;
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings);
        builder.Services.AddPlatformRuntime(new RuntimeOptions
        {
            Region = config.Region, AccountId = config.AccountId, EdgeUrl = settings.PlatformUrl,
            // Process-isolated .NET functions run as `platform function-host`, as under `up`.
            DotnetFunctionHost = FunctionHostCommand.Resolve(),
        });
        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddFunctionConsumers();
            bus.AddReceiveEndpointObserver<BrokerConnectionLog>();
            bus.UsingRabbitMq((context, transport) =>
            {
                var runtime = context.GetRequiredService<RuntimeOptions>();
                transport.UseBroker(settings.Broker, $"platform worker {runtime.WorkerName}");
                // The registry is loaded before the bus is created (below).
                transport.ConfigureFunctionEndpoints(context);
            });
        });
        builder.Services.AddHostedService<WorkerHeartbeatPublisher>();
        configureServices?.Invoke(builder.Services);

        var host = builder.Build();
        try
        {
            var registry = host.Services.GetRequiredService<FunctionRegistry>();
            foreach (var function in config.Functions)
            {
                try
                {
                    registry.AddOrReplace(function);
                }
                catch (FunctionLoadException ex)
                {
                    throw new ConfigException(config.SourcePath, 0, ex.Message);
                }
            }

            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new WorkerApp(host, config, host.Services.GetRequiredService<RuntimeOptions>().WorkerName, clock.Elapsed);
    }

    /// <summary>The function names this worker consumes.</summary>
    public IReadOnlyList<string> Functions => Services.GetRequiredService<FunctionRegistry>().Definitions
        .Select(f => f.Name).Order(StringComparer.Ordinal).ToList();

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _host.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
