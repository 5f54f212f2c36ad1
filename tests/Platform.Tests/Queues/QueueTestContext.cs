using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;
using Platform.Tests.Support;

namespace Platform.Tests.Queues;

/// <summary>A queue engine on a real database in a throw-away directory, with a manual clock.</summary>
internal sealed class QueueTestContext : IAsyncDisposable
{
    private QueueTestContext(DataDirectory directory, ManualTimeProvider time)
    {
        Directory = directory;
        Time = time;
        Database = new PlatformDatabase(directory);
        Engine = new QueueEngine(Database, time, new QueueEngineOptions());
    }

    public DataDirectory Directory { get; }
    public ManualTimeProvider Time { get; }
    public PlatformDatabase Database { get; }
    public QueueEngine Engine { get; }

    /// <summary>Generous real-time bound for awaiting something that should already be signalled.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(10);

    public static QueueTestContext Create() => new(DataDirectory.CreateEphemeral(), new ManualTimeProvider());

    public static QueueTestContext Open(string path, ManualTimeProvider time) => new(DataDirectory.Open(path), time);

    public Task<string> CreateQueueAsync(string name, params (string Name, string Value)[] attributes) =>
        Engine.CreateQueueAsync(name, attributes.ToDictionary(a => a.Name, a => a.Value));

    public Task<SentMessage> SendAsync(string queue, string body, string? group = null, string? dedup = null) =>
        Engine.SendMessageAsync(queue, new OutgoingMessage { Body = body, MessageGroupId = group, MessageDeduplicationId = dedup });

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, int max = 10, TimeSpan? visibility = null) =>
        Engine.ReceiveMessagesAsync(queue, new ReceiveRequest { MaxNumberOfMessages = max, VisibilityTimeout = visibility });

    public string Attribute(string queue, string name) => Engine.GetQueueAttributes(queue, [name])[name];

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Dispose();
    }
}
