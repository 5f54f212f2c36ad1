using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Emulators.Events.Engine;

namespace Platform.Triggers.Sources.EventBridge;

public static class EventBridgeServiceCollectionExtensions
{
    /// <summary>
    /// The trigger side of EventBridge: the shared pattern matcher the engine uses, the Lambda, SQS and SNS
    /// target channels (other modules add theirs as <see cref="IEventTargetChannel"/>s) and the
    /// delivery worker (a hosted service). Needs <c>AddEventsEmulator</c> and <c>AddTriggers</c>.
    /// </summary>
    public static IServiceCollection AddEventBridgeTriggers(this IServiceCollection services)
    {
        services.TryAddSingleton<IEventPatternMatcher, SharedEventPatternMatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventTargetChannel, LambdaTargetChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventTargetChannel, SqsTargetChannel>());
        // SNS topics: needs the topic emulator's ITopicPort (the host's AddTopicEmulator).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventTargetChannel, SnsTargetChannel>());
        services.TryAddSingleton<EventDeliveryPoller>();
        services.TryAddSingleton<EventDeliveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<EventDeliveryService>());
        return services;
    }
}
