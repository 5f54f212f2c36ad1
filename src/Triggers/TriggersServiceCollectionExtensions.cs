using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Functions;
using Platform.Emulators.Events.Engine;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Streams.Engine;
using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Destinations;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Mappings;
using Platform.Triggers.Pollers;
using Platform.Triggers.Sources;
using Platform.Triggers.Sources.Async;
using Platform.Triggers.Sources.DynamoDb;
using Platform.Triggers.Sources.Kinesis;
using Platform.Triggers.Sources.S3;
using Platform.Triggers.Sources.Sqs;

namespace Platform.Triggers;

public static class TriggersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the trigger module: the supervisor (a hosted service), the invocation log, the
    /// checkpoint store, the async queues and the invoker (MassTransit, recorded). The host
    /// registers what it is built from: MassTransit (IClientFactory), QueueEngine,
    /// IStorageChangeFeed, PlatformDatabase, TimeProvider — and an <see cref="IFunctionCatalog"/>
    /// (without one, the catalog is the registered <c>IReadOnlyList&lt;FunctionDefinition&gt;</c>,
    /// or empty). <see cref="CatalogFunctionDirectory"/> is there for hosts that want S3's destination
    /// validation answered from the same catalog; it is not registered here.
    /// </summary>
    public static IServiceCollection AddTriggers(this IServiceCollection services, TriggerOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton<TriggerActivity>();
        services.TryAddSingleton(_ => new InvocationLog(options.InvocationLogCapacity));
        services.TryAddSingleton<CheckpointStore>();
        services.TryAddSingleton<IQueuePort>(sp => sp.GetRequiredService<QueueEngine>());
        // Every destination (async on-success/on-failure, a stream mapping's on-failure) is reached
        // through the one resolver, over whichever emulator ports the host registered.
        services.TryAddSingleton<DestinationResolver>();
        services.TryAddSingleton<AsyncInvocationQueue>();
        // S3 notification destinations: topics and the event bus only where the host has those emulators.
        services.TryAddSingleton(sp => new S3NotificationTargets(sp.GetRequiredService<AsyncInvocationQueue>(),
            sp.GetRequiredService<IQueuePort>(), sp.GetService<ITopicPort>(), sp.GetService<IEventBusPort>(),
            sp.GetRequiredService<ILogger<S3NotificationTargets>>()));
        services.TryAddSingleton<MassTransitInvocationDispatcher>();
        services.TryAddSingleton<IInvocationDispatcher>(sp => new RecordingInvocationDispatcher(
            sp.GetRequiredService<MassTransitInvocationDispatcher>(),
            sp.GetRequiredService<InvocationLog>(),
            sp.GetRequiredService<ILogger<RecordingInvocationDispatcher>>()));
        services.TryAddSingleton<IFunctionCatalog>(sp =>
            new InMemoryFunctionCatalog(sp.GetService<IReadOnlyList<FunctionDefinition>>() ?? []));

        // Event source mappings: the durable store and one worker factory per source kind (other
        // modules add theirs the same way).
        services.TryAddSingleton<EventSourceMappingStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceWorkerFactory, SqsMappingWorkerFactory>());
        // Kinesis: needs the stream engine's IStreamRecordSource (the host's AddStreamEmulator).
        services.TryAddSingleton(sp => new KinesisWorkerServices(
            sp.GetRequiredService<IStreamRecordSource>(), sp.GetRequiredService<CheckpointStore>(),
            sp.GetRequiredService<IQueuePort>(), sp.GetRequiredService<IInvocationDispatcher>(), sp.GetRequiredService<IFunctionCatalog>(),
            sp.GetRequiredService<TimeProvider>(), options, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TriggerActivity>())
        {
            Destinations = sp.GetRequiredService<DestinationResolver>(),
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceWorkerFactory, KinesisMappingWorkerFactory>());
        // Resolved only when a host registered the table emulator (its ITableStreamSource).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISourceWorkerFactory, DynamoDbMappingWorkerFactory>());
        // The one supervisor: async pollers, S3 notifications and a worker per enabled mapping.
        services.TryAddSingleton<TriggerSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<TriggerSupervisor>());
        return services;
    }
}
