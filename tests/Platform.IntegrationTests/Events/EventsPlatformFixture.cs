using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Events;

/// <summary>The whole platform in-process with a function that records what it receives, for
/// EventBridge and Scheduler through real clients.</summary>
public sealed class EventsPlatformFixture : IAsyncLifetime
{
    public const string Function = "events-collector";

    public EventCollector Received { get; } = new();
    public PlatformApp App { get; private set; } = null!;
    public Uri Endpoint => App.Endpoint;
    public AwsCli Aws => new(App.Endpoint);
    public string FunctionArn => $"arn:aws:lambda:us-east-1:000000000000:function:{Function}";

    public async Task InitializeAsync() =>
        App = await InProcessPlatform.StartAsync(PlatformConfig.Empty, services => services.AddCollectingFunction(Function, Received));

    public async Task DisposeAsync() => await App.DisposeAsync();

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}

[CollectionDefinition(Name)]
public sealed class EventsPlatformCollection : ICollectionFixture<EventsPlatformFixture>
{
    public const string Name = "events-platform";
}
