using System.Text;
using Platform.Emulators.State;
using Platform.Emulators.Streams.Engine;
using Platform.Tests.Support;

namespace Platform.Tests.Streams;

/// <summary>A stream engine on a real database in a throw-away directory, with a manual clock.</summary>
internal sealed class StreamTestContext : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private StreamTestContext(DataDirectory directory, ManualTimeProvider time, StreamEngineOptions? options, bool ownsDirectory)
    {
        Directory = directory;
        Time = time;
        _ownsDirectory = ownsDirectory;
        Database = new PlatformDatabase(directory);
        Engine = new StreamEngine(Database, time, options ?? new StreamEngineOptions());
    }

    public DataDirectory Directory { get; }
    public ManualTimeProvider Time { get; }
    public PlatformDatabase Database { get; }
    public StreamEngine Engine { get; }

    public static StreamTestContext Create(StreamEngineOptions? options = null) =>
        new(DataDirectory.CreateEphemeral(), new ManualTimeProvider(), options, ownsDirectory: true);

    public static StreamTestContext Open(string path, ManualTimeProvider time) =>
        new(DataDirectory.Open(path), time, null, ownsDirectory: false);

    public Task<PutRecordOutcome> PutAsync(string stream, string key, string data, string? explicitHashKey = null) =>
        Engine.PutRecordAsync(stream, new PutRecordEntry(key, Encoding.UTF8.GetBytes(data), explicitHashKey));

    public IReadOnlyList<StreamRecord> ReadAll(string stream, string shardId) =>
        Engine.Read(Engine.StreamArn(stream), shardId, null, 10_000).Records;

    public static string Text(StreamRecord record) => Encoding.UTF8.GetString(record.Data);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_ownsDirectory)
            Directory.Dispose();
    }
}
