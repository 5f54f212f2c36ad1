using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.Runtime;

namespace Platform.IntegrationTests.Support;

/// <summary>The embedded platform started inside the test process, with functions registered in
/// code, so a test can see exactly which events a function received.</summary>
public static class InProcessPlatform
{
    public static Task<PlatformApp> StartAsync(PlatformConfig config, Action<IServiceCollection>? configure = null) =>
        PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(config),
            Port = 0,
            InMemory = true,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        }, configure);

    /// <summary>Registers a function that records every payload it receives and succeeds.</summary>
    public static IServiceCollection AddCollectingFunction(this IServiceCollection services, string name, EventCollector collector,
        int concurrency = 10) =>
        services.AddFunction(new FunctionDefinition { Name = name, Concurrency = concurrency, Timeout = TimeSpan.FromSeconds(10) },
            (payload, _) =>
            {
                collector.Add(payload);
                return Task.FromResult<string?>(null);
            });
}
