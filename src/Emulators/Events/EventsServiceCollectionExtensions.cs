using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Events.Api;
using Platform.Emulators.Events.Engine;

namespace Platform.Emulators.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>Registers the EventBridge engine (also as the <see cref="IEventOutbox"/> the delivery
    /// worker reads and the <see cref="IEventBusPort"/> other producers put events through) and its
    /// EventBridge (JSON 1.1) and Scheduler (REST-JSON) APIs. The host supplies PlatformDatabase,
    /// TimeProvider and an <see cref="IEventPatternMatcher"/> (the trigger module's).</summary>
    public static IServiceCollection AddEventsEmulator(this IServiceCollection services, EventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<EventEngine>();
        services.AddSingleton<IEventOutbox>(provider => provider.GetRequiredService<EventEngine>());
        services.AddSingleton<IEventBusPort>(provider => provider.GetRequiredService<EventEngine>());
        services.AddSingleton<EventsApi>();
        services.AddSingleton<SchedulerApi>();
        return services;
    }
}
