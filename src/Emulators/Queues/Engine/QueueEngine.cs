using Platform.Emulators.State;

namespace Platform.Emulators.Queues.Engine;

/// <summary>
/// Durable SQS-semantics queues in the platform database: visibility timeouts, receive counts,
/// delays, retention, redrive to a dead-letter queue. Used by the SQS API and by the platform
/// itself (each function's async-invocation queue, on-failure destinations).
/// Receives wake on a send or on the next visibility expiry — never on a polling interval.
/// </summary>
public sealed class QueueEngine(PlatformDatabase database, TimeProvider time, QueueEngineOptions options)
{
    // Placeholder until the engine lands; keeps the constructor's contract visible.
    public QueueEngineOptions Options { get; } = options;
    private PlatformDatabase Database { get; } = database;
    private TimeProvider Time { get; } = time;

    /// <summary>Creates a queue (idempotent when the attributes match, QueueAlreadyExists otherwise).
    /// <paramref name="attributes"/> use SQS's names (VisibilityTimeout, DelaySeconds, …).</summary>
    public Task<string> CreateQueueAsync(string name, IReadOnlyDictionary<string, string>? attributes = null,
        IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public bool QueueExists(string name) => throw new NotImplementedException();

    public Task<SentMessage> SendMessageAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queueName, ReceiveRequest request, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task DeleteMessageAsync(string queueName, string receiptHandle, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task ChangeMessageVisibilityAsync(string queueName, string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
