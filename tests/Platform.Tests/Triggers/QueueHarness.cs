using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;
using Platform.Tests.Support;
using Platform.Triggers;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Sources.Async;

namespace Platform.Tests.Triggers;

/// <summary>The real queue engine over a throw-away database, a manual clock, and helpers to look
/// at queues. Reopen() simulates a restart of the process over the same data.</summary>
internal sealed class QueueHarness : IAsyncDisposable
{
    private readonly DataDirectory _directory = DataDirectory.CreateEphemeral();

    public QueueHarness()
    {
        Database = new PlatformDatabase(_directory);
        Queues = new QueueEngine(Database, Time, new QueueEngineOptions());
        AsyncQueue = new AsyncInvocationQueue(Queues);
        Checkpoints = new CheckpointStore(Database, Time);
    }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 5, 30, 28, 123, TimeSpan.Zero));
    public PlatformDatabase Database { get; private set; }
    public QueueEngine Queues { get; private set; }
    public AsyncInvocationQueue AsyncQueue { get; private set; }
    public CheckpointStore Checkpoints { get; private set; }

    public static TriggerOptions Options { get; } = new()
    {
        AsyncReceiveWaitTime = TimeSpan.Zero,
        InvokeTimeoutMargin = TimeSpan.FromSeconds(1),
        AsyncVisibilityMargin = TimeSpan.FromSeconds(1),
    };

    public async Task ReopenAsync()
    {
        await Database.DisposeAsync();
        Database = new PlatformDatabase(_directory);
        Queues = new QueueEngine(Database, Time, new QueueEngineOptions());
        AsyncQueue = new AsyncInvocationQueue(Queues);
        Checkpoints = new CheckpointStore(Database, Time);
    }

    /// <summary>Everything visible on a queue now (received with a long visibility, so each once).</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> DrainAsync(string queue)
    {
        var all = new List<ReceivedMessage>();
        while (true)
        {
            var batch = await Queues.ReceiveMessagesAsync(queue, new ReceiveRequest
            {
                MaxNumberOfMessages = 10,
                VisibilityTimeout = TimeSpan.FromHours(1),
            });
            if (batch.Count == 0)
                return all;
            all.AddRange(batch);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        _directory.Dispose();
    }
}
