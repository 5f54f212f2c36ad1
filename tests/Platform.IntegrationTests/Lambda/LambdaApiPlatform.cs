using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Contracts.Functions;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Runtime;
using Platform.Triggers.Sources;

namespace Platform.IntegrationTests.Lambda;

/// <summary>A platform with three code-registered functions — "collector" (records and answers
/// {"ok":true}), "echo" (returns its payload), "failing" (throws) — and the contract factory.</summary>
internal static class LambdaApiPlatform
{
    public static Task<PlatformApp> StartAsync(EventCollector collector, string? dataDir = null) =>
        PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(new PlatformConfig()),
            Port = 0,
            InMemory = dataDir is null,
            DataDir = dataDir ?? ".platform-data",
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        }, services => Configure(services, collector));

    private static void Configure(IServiceCollection services, EventCollector collector)
    {
        services.RemoveAll<ISourceWorkerFactory>();
        services.AddSingleton<ISourceWorkerFactory, ContractMappingFactory>();
        services.AddFunction(new FunctionDefinition
        {
            Name = "collector",
            Handler = "Sample::Sample.Collector",
            Timeout = TimeSpan.FromSeconds(10),
            MemorySize = 256,
            Environment = new Dictionary<string, string> { ["STAGE"] = "test" },
        }, (payload, _) =>
        {
            collector.Add(payload);
            return Task.FromResult<string?>("""{"ok":true}""");
        });
        services.AddFunction(new FunctionDefinition { Name = "echo", Timeout = TimeSpan.FromSeconds(10) },
            (payload, _) => Task.FromResult<string?>(payload));
        services.AddFunction(new FunctionDefinition { Name = "failing", Timeout = TimeSpan.FromSeconds(10) },
            (_, _) => throw new InvalidOperationException("no can do"));
    }
}
