using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Queues;

/// <summary>The whole platform in-process on a free port, so SQS is reached through the edge
/// router exactly as `platform up` serves it.</summary>
public sealed class SqsPlatformFixture : IAsyncLifetime
{
    private PlatformApp? _app;

    public Uri Endpoint => _app!.Endpoint;
    public QueueEngine Engine => _app!.Services.GetRequiredService<QueueEngine>();
    public AwsCli Aws => new(Endpoint);

    public async Task InitializeAsync() => _app = await InProcessPlatform.StartAsync(PlatformConfig.Empty);

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    /// <summary>Runs the aws CLI's sqs command and parses its JSON output (null when it prints none).</summary>
    public async Task<JsonElement?> SqsAsync(params string[] arguments)
    {
        var output = await Aws.RunOkAsync(["sqs", .. arguments]);
        return string.IsNullOrWhiteSpace(output) ? null : JsonDocument.Parse(output).RootElement.Clone();
    }

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}

[CollectionDefinition(Name)]
public sealed class SqsPlatformCollection : ICollectionFixture<SqsPlatformFixture>
{
    public const string Name = "sqs-platform";
}
