using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Topics.Api;
using Platform.Emulators.Topics.Engine;

namespace Platform.Emulators.Topics;

public static class TopicsServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="TopicEngine"/> (also as <see cref="ITopicDeliveryFeed"/> and the <see cref="ITopicPort"/> other producers publish through) and
    /// SNS's wire API (<see cref="SnsApi"/>, an edge service named "sns"). The host registers the
    /// PlatformDatabase, the TimeProvider and an <see cref="IFilterPolicyRules"/> (the triggers' AddTriggers does).</summary>
    public static IServiceCollection AddTopicEmulator(this IServiceCollection services, TopicEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<TopicEngine>();
        services.AddSingleton<ITopicDeliveryFeed>(sp => sp.GetRequiredService<TopicEngine>());
        services.AddSingleton<ITopicPort>(sp => sp.GetRequiredService<TopicEngine>());
        services.AddSingleton<SnsApi>();
        return services;
    }
}
