using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Emulators.Topics.Engine;

namespace Platform.Triggers.Sources.Sns;

public static class SnsServiceCollectionExtensions
{
    /// <summary>SNS delivery: the filter-policy rules the topic engine validates with, the channels
    /// per protocol and the hosted delivery service. Needs the topic emulator (AddTopicEmulator) and
    /// AddTriggers.</summary>
    public static IServiceCollection AddSnsDelivery(this IServiceCollection services)
    {
        services.TryAddSingleton<IFilterPolicyRules, SnsFilterPolicyRules>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISnsSubscriptionChannel, SqsSubscriptionChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISnsSubscriptionChannel, LambdaSubscriptionChannel>());
        services.TryAddSingleton<SnsDeadLetters>();
        services.TryAddSingleton<SnsFanoutPoller>();
        services.TryAddSingleton<SnsHttpPoller>();
        services.AddHostedService<SnsDeliveryService>();
        return services;
    }
}
