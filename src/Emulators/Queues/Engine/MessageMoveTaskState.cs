namespace Platform.Emulators.Queues.Engine;

/// <summary>A running or finished move task as the engine tracks it; changed only under its own lock.</summary>
internal sealed class MessageMoveTaskState(MessageMoveTask initial, long sourceQueueId, long lastRowId, long? destinationQueueId)
{
    private readonly Lock _lock = new();
    private MessageMoveTask _snapshot = initial;

    public long SourceQueueId { get; } = sourceQueueId;

    /// <summary>Only messages present when the task started move: the newest row id then.</summary>
    public long LastRowId { get; } = lastRowId;
    public long? DestinationQueueId { get; } = destinationQueueId;
    public CancellationTokenSource Cancellation { get; } = new();
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MessageMoveTask Snapshot
    {
        get { lock (_lock) return _snapshot; }
    }

    public void Update(Func<MessageMoveTask, MessageMoveTask> change)
    {
        lock (_lock) _snapshot = change(_snapshot);
    }
}
