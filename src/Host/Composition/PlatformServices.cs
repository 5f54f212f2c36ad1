using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Edge;
using Platform.Emulators.Events;
using Platform.Emulators.Events.Api;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues;
using Platform.Emulators.Queues.Api;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;
using Platform.Emulators.Storage;
using Platform.Emulators.Storage.Api;
using Platform.Emulators.Storage.Engine;
using Platform.Emulators.Streams;
using Platform.Emulators.Streams.Api;
using Platform.Emulators.Streams.Engine;
using Platform.Emulators.Tables;
using Platform.Emulators.Tables.Api;
using Platform.Emulators.Tables.Engine;
using Platform.Emulators.Topics;
using Platform.Emulators.Topics.Api;
using Platform.Emulators.Topics.Engine;
using Platform.Host.Admin;
using Platform.Host.ApiGateway;
using Platform.Host.Configuration;
using Platform.Host.Dashboard;
using Platform.Host.Lambda;
using Platform.Runtime;
using Platform.Runtime.Dispatch;
using Platform.Runtime.Registry;
using Platform.Triggers;
using Platform.Triggers.Sources.EventBridge;
using Platform.Triggers.Sources.S3;
using Platform.Triggers.Sources.Sns;

namespace Platform.Host.Composition;

/// <summary>Registers every module of the embedded platform, each through its own AddXxx.</summary>
internal static class PlatformServices
{
    public static IServiceCollection AddPlatformServices(this IServiceCollection services, PlatformConfig config,
        DataDirectory data, Uri endpoint, PlatformSettings settings)
    {
        var edgeUrl = endpoint.ToString().TrimEnd('/');
        services.AddSingleton(settings.Time);
        services.AddSingleton(config);
        services.AddSingleton(_ => data);
        services.AddSingleton(sp => new PlatformDatabase(sp.GetRequiredService<DataDirectory>(), new DatabaseOptions { Fsync = settings.Fsync }));

        services.AddStorageEmulator(new StorageOptions { Region = config.Region, AccountId = config.AccountId });
        services.AddQueueEngine(new QueueEngineOptions { Region = config.Region, AccountId = config.AccountId, EndpointUrl = edgeUrl });
        services.AddSqsApi();
        services.AddStreamEmulator(new StreamEngineOptions { Region = config.Region, AccountId = config.AccountId });
        services.AddTableEmulator(new TableEngineOptions { Region = config.Region, AccountId = config.AccountId });
        // Specific protocols first; S3 claims whatever is left.
        services.AddApiGateway();
        services.AddLambdaApi();
        // SNS: before SQS, which would otherwise claim its form POSTs (SNS is told apart by its signing scope).
        services.AddTopicEmulator(new TopicEngineOptions { Region = config.Region, AccountId = config.AccountId, EndpointUrl = edgeUrl });
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<SnsApi>());
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<SqsApi>());
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<KinesisApi>());
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<DynamoDbApi>());
        // EventBridge and Scheduler (docs/events.md): the engine, its two APIs, and the delivery worker.
        services.AddEventsEmulator(new EventsOptions { Region = config.Region, AccountId = config.AccountId });
        services.AddEventBridgeTriggers();
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<EventsApi>());
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<SchedulerApi>());
        services.AddSingleton<IEdgeService>(sp => sp.GetRequiredService<S3Api>());

        services.AddPlatformRuntime(new RuntimeOptions
        {
            Region = config.Region, AccountId = config.AccountId, EdgeUrl = edgeUrl,
            DotnetFunctionHost = FunctionHostCommand.Resolve(),
            // The database changes all the time; a function folder that holds it must not reload on that.
            WatchIgnore = [data.Root],
            StateDirectory = data.Root,
        });
        services.AddDispatchTransport(settings.Dispatch);

        // The function catalog is the runtime's registry once platform.yaml's functions are loaded
        // into it (ConfigProvisioner), so code-registered functions count the same as declared ones.
        services.AddSingleton<FunctionCatalogSource>();
        services.AddSingleton<IFunctionCatalog>(sp => sp.GetRequiredService<FunctionCatalogSource>().Catalog);
        services.AddSingleton<IFunctionDirectory, CatalogFunctionDirectory>();
        // S3's queue and topic destinations, validated and sent s3:TestEvent through the Triggers module.
        services.AddSingleton<INotificationDestinations>(sp => new S3NotificationDestinations(
            sp.GetRequiredService<Platform.Emulators.Queues.Engine.IQueuePort>(), sp.GetService<Platform.Emulators.Topics.Engine.ITopicPort>()));
        services.AddTriggers(new TriggerOptions { Region = config.Region, AccountId = config.AccountId, InvokeTimeoutMargin = settings.Dispatch.InvokeTimeoutMargin });
        services.AddSnsDelivery();

        services.AddSingleton<ConfigProvisioner>();
        services.AddSingleton(new CurrentPlatformConfig(config));
        services.AddSingleton<FunctionEndpoints>();
        services.AddSingleton<ConfigReloader>();
        // Only a file can change; a config built in code (in-process tests) is not watched.
        if (settings.Config.Path is { } path)
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PlatformConfigWatcher>(sp, path));
        services.AddSingleton<PlatformAdminApi>();
        services.AddDashboard(settings.Host);
        services.AddSingleton(new EdgeGate(settings.Host, settings.AllowedHosts));
        services.AddSingleton(new EdgeAuthentication(settings.SignaturesRequired ? new SigV4Verifier(settings.AccessKeys, settings.Time) : null));
        services.AddSingleton(sp => new DiskSpace(sp.GetRequiredService<DataDirectory>(), settings.Time));
        services.AddSingleton<EdgeRouter>();
        return services;
    }
}
