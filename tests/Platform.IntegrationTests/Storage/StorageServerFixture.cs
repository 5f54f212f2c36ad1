using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Emulators.State;
using Platform.Emulators.Storage.Api;
using Platform.Emulators.Storage.Engine;

namespace Platform.IntegrationTests.Storage;

/// <summary>A real Kestrel server on 127.0.0.1 serving only the S3 API over an ephemeral data directory.</summary>
public sealed class StorageServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public DataDirectory Directory { get; } = DataDirectory.CreateEphemeral();
    public PlatformDatabase Database { get; private set; } = null!;
    public StorageEngine Engine { get; private set; } = null!;
    public string Endpoint { get; private set; } = "";

    /// <summary>Fires after every request the S3 API finished, including ones whose client vanished,
    /// so a test can wait for the server's cleanup instead of sleeping.</summary>
    public ChangeSignal RequestFinished { get; } = new();
    public int Port => new Uri(Endpoint).Port;

    public async Task InitializeAsync()
    {
        Database = new PlatformDatabase(Directory);
        Engine = new StorageEngine(Database, Directory, TimeProvider.System, new StorageOptions(), new LambdaArns());
        var api = new S3Api(Engine, TimeProvider.System, NullLogger<S3Api>.Instance);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(System.Net.IPAddress.Loopback, 0);
        });
        _app = builder.Build();
        _app.Run(async context =>
        {
            try
            {
                await api.HandleAsync(context);
            }
            finally
            {
                RequestFinished.Notify();
            }
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Endpoint = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Dispose();
    }

    /// <summary>Accepts the account's Lambda ARNs, as the host's function registry would.</summary>
    private sealed class LambdaArns : IFunctionDirectory
    {
        public bool FunctionExists(string functionArn) =>
            functionArn.StartsWith("arn:aws:lambda:us-east-1:000000000000:function:", StringComparison.Ordinal);
    }
}

[CollectionDefinition(Name)]
public sealed class StorageServerCollection : ICollectionFixture<StorageServerFixture>
{
    public const string Name = "storage-server";
}
