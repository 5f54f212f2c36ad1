namespace Platform.Emulators.Queues.Engine;

/// <summary>
/// What the triggers use of the queue engine, as Storage offers <c>IStorageChangeFeed</c> and
/// Streams <c>IStreamRecordSource</c>: the SQS event source mapping reads and settles a user's
/// queue, Lambda's async invoker its internal per-function queues, and every source sends failure
/// records to on-failure destination queues. Queue names, ARNs and URLs are accepted where the SQS
/// API accepts them.
/// </summary>
public interface IQueuePort
{
    bool QueueExists(string name);

    /// <summary>The queue name an ARN, URL or name refers to.</summary>
    string ResolveQueueName(string queueUrlOrNameOrArn);

    /// <summary>Whether the queue is FIFO and its VisibilityTimeout, read on every receive.</summary>
    (bool Fifo, TimeSpan VisibilityTimeout) GetReceiveSettings(string queue);

    /// <summary>Creates one of the platform's internal queues (idempotently) and returns its name.</summary>
    Task<string> CreateInternalQueueAsync(string purpose, IReadOnlyDictionary<string, string>? attributes, CancellationToken cancellationToken);

    /// <summary>Returns once the message is durably on the queue.</summary>
    Task<SentMessage> SendMessageAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>Whether a receive now would find a message: the test host's idle check.</summary>
    bool HasVisibleMessages(string queueName);

    /// <summary>Long-polls: a send wakes it at once.</summary>
    Task<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queueName, ReceiveRequest request, CancellationToken cancellationToken);

    Task DeleteMessageAsync(string queueName, string receiptHandle, CancellationToken cancellationToken);

    /// <summary>Deletes in one write, without the API's ten-entry limit; returns how many handles were stale.</summary>
    Task<int> DeleteMessagesAsync(string queueName, IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken);

    Task ChangeMessageVisibilityAsync(string queueName, string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken);

    /// <summary>Without the API's ten-entry limit; returns how many messages changed.</summary>
    Task<int> ChangeMessagesVisibilityAsync(string queueName, IReadOnlyList<string> receiptHandles, TimeSpan visibilityTimeout,
        CancellationToken cancellationToken);

    /// <summary>Makes every in-flight message of the queue visible again (its only consumer restarted).</summary>
    Task<int> ReleaseInFlightMessagesAsync(string queueName, CancellationToken cancellationToken);
}
