namespace Platform.Emulators.Queues.Engine;

public sealed record ReceiveRequest
{
    /// <summary>1–10 over the SQS API; the engine itself allows larger batches for the platform's
    /// own pollers.</summary>
    public int MaxNumberOfMessages { get; init; } = 1;

    /// <summary>Null: the queue's VisibilityTimeout.</summary>
    public TimeSpan? VisibilityTimeout { get; init; }

    /// <summary>Long polling: return as soon as a message is available, or after this long.</summary>
    public TimeSpan WaitTime { get; init; } = TimeSpan.Zero;
}
