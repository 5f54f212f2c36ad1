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

    /// <summary>Called with the number of messages taken, on the writer, before the receive commits:
    /// a consumer that counts what it holds (the test host's idle tracking) counts them before they
    /// stop being visible, so there is no moment where a message is neither visible nor counted.</summary>
    public Action<int>? OnReceived { get; init; }
}
