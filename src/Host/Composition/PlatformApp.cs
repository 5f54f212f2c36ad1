using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Emulators.State;
using Platform.Host.Configuration;
using Platform.Host.Lambda;
using Platform.Triggers;
using Platform.Triggers.Mappings;

namespace Platform.Host.Composition;

/// <summary>
/// The composition root of the embedded platform: one web host on the edge port serving every
/// emulator's wire API and /_platform, the trigger supervisor, and the runtime behind the in-memory
/// MassTransit bus. Started the same way by `platform up` and by in-process tests.
/// </summary>
public sealed class PlatformApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PlatformApp(WebApplication app, PlatformConfig config, Uri endpoint, TimeSpan startupTime, string dataLocation)
    {
        _app = app;
        Config = config;
        Endpoint = endpoint;
        StartupTime = startupTime;
        DataLocation = dataLocation;
    }

    public PlatformConfig Config { get; }
    public Uri Endpoint { get; }
    public TimeSpan StartupTime { get; }
    public string DataLocation { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the platform and returns once it serves requests and its triggers run.</summary>
    /// <param name="settings">The `up` options.</param>
    /// <param name="configureServices">Extra registrations, e.g. functions registered in code by tests.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<PlatformApp> StartAsync(PlatformSettings settings,
        Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var config = settings.Config.Load();
        if (settings.SignaturesRequired && settings.AccessKeys.Count == 0)
            throw new ConfigException("platform up", 0, "--auth sigv4 (the default when --host is not a loopback address) needs access keys: " +
                "--access-key ID:SECRET or PLATFORM_ACCESS_KEYS=ID:SECRET[,…]; or --auth none to accept unsigned requests.");
        var port = settings.Port == 0 ? FreePort() : settings.Port;
        var endpoint = new Uri($"http://{(settings.Host is "0.0.0.0" or "::" ? "127.0.0.1" : settings.Host)}:{port}");

        // The empty builder, not the slim one: nothing here reads appsettings.json, so its JSON
        // providers, file watchers and host filtering are start-up time (~40 ms) for nothing.
        // Environment variables still configure logging (Logging__LogLevel__Platform=Debug).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore();
        builder.Configuration.AddEnvironmentVariables();
        PlatformLogging.Configure(builder.Logging, builder.Configuration, settings.LogLevel);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // S3 objects reach 5 GiB; the storage API enforces S3's own limits while streaming.
            kestrel.Limits.MaxRequestBodySize = null;
            // S3 keys reach 1 KiB of UTF-8, up to 9 bytes each percent-encoded, plus a presigned query:
            // past Kestrel's 8 KiB default the client would get a bare 414 instead of S3's KeyTooLongError.
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.AddServerHeader = false;
            kestrel.Listen(ListenAddress(settings.Host), port);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);

        // Only with an endpoint are the OpenTelemetry SDK's assemblies loaded at all.
        var otlp = settings.EffectiveOtlpEndpoint;
        if (otlp is not null)
            Telemetry.OtlpTelemetry.Add(builder.Services, otlp, "platform");

        var data = settings.InMemory ? DataDirectory.CreateEphemeral() : DataDirectory.Open(settings.DataDir);
        builder.Services.AddPlatformServices(config, data, endpoint, settings);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        try
        {
            // Loads the functions now; their buckets, queues and triggers are written to SQLite
            // while the edge router and the bus (whose endpoints are the loaded functions) are built.
            // Functions created through the Lambda API, before anything can build the bus from the registry.
            app.Services.GetRequiredService<ApiFunctionRegistrar>().Restore();
            var provisioning = app.Services.GetRequiredService<ConfigProvisioner>().ProvisionAsync(cancellationToken);
            try
            {
                app.Run(app.Services.GetRequiredService<EdgeRouter>().HandleAsync);
                DrainTriggersFirstOnShutdown(app, settings.ShutdownTimeout);
            }
            finally
            {
                await provisioning;
            }
            await app.StartAsync(cancellationToken);
            if (otlp is not null)
                Telemetry.OtlpTelemetry.Start(app.Services);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new PlatformApp(app, config, endpoint, clock.Elapsed, settings.InMemory ? "in memory" : data.Root);
    }

    /// <summary>
    /// Ctrl+C must let running invocations finish, and a function may still be calling the
    /// platform's own APIs (the sample reads its object back over S3): so the triggers drain while
    /// the web server and the bus still run — before any hosted service stops. What has not finished
    /// within the timeout is released and redelivered after a restart.
    /// </summary>
    private static void DrainTriggersFirstOnShutdown(WebApplication app, TimeSpan timeout)
    {
        var triggers = app.Services.GetRequiredService<TriggerSupervisor>();
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            using var deadline = new CancellationTokenSource(timeout);
            triggers.StopAsync(deadline.Token).GetAwaiter().GetResult();
        });
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IPAddress ListenAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(host, out var address) => address,
        _ => Dns.GetHostAddresses(host)[0],
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
