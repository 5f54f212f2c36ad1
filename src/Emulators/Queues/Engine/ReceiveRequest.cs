namespace Platform.Emulators.Queues.Engine;

public sealed record ReceiveRequest
{
    /// <summary>1–10 over the SQS API (build API requests with
    /// <see cref="QueueEngine.CreateApiReceiveRequest"/>, which applies SQS's limits and the queue's
    /// default wait); the engine itself allows up to 10000 for the platform's own pollers.</summary>
    public int MaxNumberOfMessages { get; init; } = 1;

    /// <summary>Null: the queue's VisibilityTimeout. 0–43200 s.</summary>
    public TimeSpan? VisibilityTimeout { get; init; }

    /// <summary>Long polling: return as soon as a message is available, or after this long.</summary>
    public TimeSpan WaitTime { get; init; } = TimeSpan.Zero;
}
