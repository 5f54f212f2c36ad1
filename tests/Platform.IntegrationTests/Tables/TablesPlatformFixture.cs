using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Tables.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Tables;

/// <summary>The whole platform in-process (edge router, DynamoDB API, table engine), on a clock the
/// tests can move forward (TTL, retention, iterator expiry).</summary>
public sealed class TablesPlatformFixture : IAsyncLifetime
{
    public OffsetTimeProvider Clock { get; } = new();
    public PlatformApp App { get; private set; } = null!;
    public Uri Endpoint => App.Endpoint;
    public AwsCli Aws => new(App.Endpoint);
    public TableEngine Engine => App.Services.GetRequiredService<TableEngine>();

    public async Task InitializeAsync() =>
        App = await InProcessPlatform.StartAsync(PlatformConfig.Empty, services => services.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync() => await App.DisposeAsync();

    public static string NewTableName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}

[CollectionDefinition(Name)]
public sealed class TablesPlatformCollection : ICollectionFixture<TablesPlatformFixture>
{
    public const string Name = "tables-platform";
}
