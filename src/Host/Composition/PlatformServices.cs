using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.State;
using Platform.Host.Configuration;

namespace Platform.Host.Composition;

internal static class PlatformServices
{
    public static IServiceCollection AddPlatformServices(this IServiceCollection services, PlatformConfig config,
        DataDirectory data, Uri endpoint, PlatformSettings settings)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(config);
        services.AddSingleton(_ => data);
        services.AddSingleton(sp => new PlatformDatabase(sp.GetRequiredService<DataDirectory>(), new DatabaseOptions { Fsync = settings.Fsync }));
        services.AddSingleton<ConfigProvisioner>();
        services.AddSingleton<EdgeRouter>();
        _ = endpoint;
        return services;
    }
}
