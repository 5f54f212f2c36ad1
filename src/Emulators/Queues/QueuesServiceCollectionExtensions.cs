using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Queues.Api;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues;

public static class QueuesServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="QueueEngine"/> singleton. The host registers the
    /// PlatformDatabase and the TimeProvider it uses.</summary>
    public static IServiceCollection AddQueueEngine(this IServiceCollection services, QueueEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<QueueEngine>();
        return services;
    }

    /// <summary>Registers SQS's wire API (<see cref="SqsApi"/>, an edge service named "sqs") over the
    /// engine registered by <see cref="AddQueueEngine"/>.</summary>
    public static IServiceCollection AddSqsApi(this IServiceCollection services)
    {
        services.AddSingleton<SqsApi>();
        return services;
    }
}
