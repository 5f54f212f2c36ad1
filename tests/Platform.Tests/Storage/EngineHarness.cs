using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;
using Platform.Tests.Support;

namespace Platform.Tests.Storage;

/// <summary>A storage engine over an ephemeral data directory and a manual clock.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public EngineHarness(StorageOptions? options = null, DataDirectory? directory = null)
    {
        Directory = directory ?? DataDirectory.CreateEphemeral();
        Database = new PlatformDatabase(Directory);
        Engine = new StorageEngine(Database, Directory, Time, options ?? new StorageOptions(), new Functions());
    }

    public ManualTimeProvider Time { get; } = new();
    public DataDirectory Directory { get; }
    public PlatformDatabase Database { get; }
    public StorageEngine Engine { get; }
    public static RequestOrigin Origin { get; } = new("REQ1", "10.1.2.3");

    public Task<ObjectInfo> PutAsync(string bucket, string key, string body) =>
        Engine.PutObjectAsync(new PutObjectRequest(bucket, key), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)), Origin,
            CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Dispose();
    }

    /// <summary>Keeps the directory for a restart test.</summary>
    public async ValueTask CloseDatabaseAsync() => await Database.DisposeAsync();

    internal sealed class Functions : IFunctionDirectory
    {
        public bool FunctionExists(string functionArn) => functionArn.StartsWith("arn:aws:lambda:us-east-1:000000000000:function:", StringComparison.Ordinal);
    }
}
