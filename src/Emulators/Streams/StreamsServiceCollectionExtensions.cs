using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Streams.Api;
using Platform.Emulators.Streams.Engine;

namespace Platform.Emulators.Streams;

public static class StreamsServiceCollectionExtensions
{
    /// <summary>Registers the Kinesis-compatible <see cref="StreamEngine"/> (also as the
    /// <see cref="IStreamRecordSource"/> event source mappings read) and its Kinesis wire API. The host supplies
    /// PlatformDatabase and TimeProvider.</summary>
    public static IServiceCollection AddStreamEmulator(this IServiceCollection services, StreamEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<StreamEngine>();
        services.AddSingleton<IStreamRecordSource>(provider => provider.GetRequiredService<StreamEngine>());
        services.AddSingleton<KinesisApi>();
        return services;
    }
}
