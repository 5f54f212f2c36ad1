using Microsoft.Extensions.DependencyInjection;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Streams;

/// <summary>The whole platform in-process (edge router, Kinesis API, stream engine), on a clock the
/// tests can move forward.</summary>
public sealed class KinesisPlatformFixture : IAsyncLifetime
{
    public OffsetTimeProvider Clock { get; } = new();
    public PlatformApp App { get; private set; } = null!;
    public Uri Endpoint => App.Endpoint;
    public AwsCli Aws => new(App.Endpoint);

    public async Task InitializeAsync() =>
        App = await InProcessPlatform.StartAsync(PlatformConfig.Empty, services => services.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync() => await App.DisposeAsync();

    public static string NewStreamName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}

[CollectionDefinition(Name)]
public sealed class KinesisPlatformCollection : ICollectionFixture<KinesisPlatformFixture>
{
    public const string Name = "kinesis-platform";
}
