using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Storage.Api;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the S3 engine (also as the storage change feed) and its wire API. The host
    /// supplies PlatformDatabase, DataDirectory, TimeProvider and IFunctionDirectory.</summary>
    public static IServiceCollection AddStorageEmulator(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<StorageEngine>();
        services.AddSingleton<IStorageChangeFeed>(provider => provider.GetRequiredService<StorageEngine>());
        services.AddSingleton<IObjectStorePort>(provider => provider.GetRequiredService<StorageEngine>());
        services.AddSingleton<S3Api>();
        return services;
    }
}
