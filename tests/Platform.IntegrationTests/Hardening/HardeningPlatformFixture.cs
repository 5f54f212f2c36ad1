using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Storage.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Runtime;

namespace Platform.IntegrationTests.Hardening;

/// <summary>The whole platform in-process, as `platform up` serves it, with a bucket, a queue, a
/// stream and an "echo" function for the hostile requests to aim at.</summary>
public sealed class HardeningPlatformFixture : IAsyncLifetime
{
    public const string Bucket = "hardening";
    public const string Queue = "hardening";
    public const string Stream = "hardening";
    public const string Function = "echo";

    private PlatformApp? _app;

    public Uri Endpoint => _app!.Endpoint;
    public int Port => Endpoint.Port;
    public string QueueUrl => $"{Endpoint.ToString().TrimEnd('/')}/000000000000/{Queue}";

    public async Task InitializeAsync()
    {
        _app = await InProcessPlatform.StartAsync(PlatformConfig.Empty, services => services.AddFunction(
            new FunctionDefinition { Name = Function, Timeout = TimeSpan.FromSeconds(10) },
            (payload, _) => Task.FromResult<string?>(payload)));
        var services = _app.Services;
        await services.GetRequiredService<StorageEngine>().CreateBucketAsync(Bucket, null, CancellationToken.None);
        var aws = new AwsCli(Endpoint);
        await aws.RunOkAsync("sqs", "create-queue", "--queue-name", Queue);
        await aws.RunOkAsync("sns", "create-topic", "--name", Queue);
        await aws.RunOkAsync("kinesis", "create-stream", "--stream-name", Stream, "--shard-count", "1");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HardeningPlatformCollection : ICollectionFixture<HardeningPlatformFixture>
{
    public const string Name = "hardening-platform";
}
