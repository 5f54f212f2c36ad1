using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Platform.Host.Composition;
using Platform.Host.Configuration;

namespace Platform.Tables.SdkTests;

/// <summary>The whole platform in-process, and AWSSDK.DynamoDBv2 clients pointed at its edge port.</summary>
public sealed class SdkPlatformFixture : IAsyncLifetime
{
    public PlatformApp App { get; private set; } = null!;
    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await PlatformApp.StartAsync(new PlatformSettings
        {
            Config = PlatformConfigSource.FromConfig(PlatformConfig.Empty),
            Port = 0,
            InMemory = true,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        });
        var credentials = new BasicAWSCredentials("test", "test");
        var url = App.Endpoint.ToString().TrimEnd('/');
        Client = new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig { ServiceURL = url, AuthenticationRegion = "us-east-1" });
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    public static string NewTableName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}

[CollectionDefinition(Name)]
public sealed class SdkPlatformCollection : ICollectionFixture<SdkPlatformFixture>
{
    public const string Name = "sdk-platform";
}
