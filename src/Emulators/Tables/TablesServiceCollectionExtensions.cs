using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Tables.Api;
using Platform.Emulators.Tables.Engine;

namespace Platform.Emulators.Tables;

public static class TablesServiceCollectionExtensions
{
    /// <summary>Registers the DynamoDB-compatible <see cref="TableEngine"/> (also as the
    /// <see cref="ITableStreamSource"/> a stream mapping reads), its TTL sweeper and the DynamoDB and
    /// DynamoDB Streams wire API. The host supplies PlatformDatabase and TimeProvider.</summary>
    public static IServiceCollection AddTableEmulator(this IServiceCollection services, TableEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<TableEngine>();
        services.AddSingleton<ITableStreamSource>(provider => provider.GetRequiredService<TableEngine>());
        services.AddHostedService<TimeToLiveSweeper>();
        services.AddSingleton<DynamoDbApi>();
        return services;
    }
}
