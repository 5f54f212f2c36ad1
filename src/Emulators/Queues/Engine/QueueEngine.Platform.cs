namespace Platform.Emulators.Queues.Engine;

public sealed partial class QueueEngine
{
    /// <summary>
    /// Deletes every message of <paramref name="receiptHandles"/> in one write, without the SQS
    /// API's ten-entry limit: an event source mapping settles batches of up to 10000 messages.
    /// A handle made stale by a later receive (the message reappeared while the batch ran) deletes
    /// nothing — that message is someone else's now — and is counted, not thrown.
    /// </summary>
    /// <returns>How many handles were stale or malformed (their messages stay).</returns>
    public async Task<int> DeleteMessagesAsync(string queueName, IReadOnlyList<string> receiptHandles,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiptHandles);
        if (receiptHandles.Count == 0)
            return 0;
        var queue = GetQueue(queueName);
        var stale = await _database.WriteAsync(connection =>
        {
            var failures = 0;
            foreach (var text in receiptHandles)
            {
                try
                {
                    DeleteInUnit(connection, queue, text, ReceiptHandle.Decode(text));
                }
                catch (QueueException)
                {
                    failures++;
                }
            }

            return failures;
        }, cancellationToken).ConfigureAwait(false);
        NotifyIfFifo(queue);
        return stale;
    }

    /// <summary>
    /// Sets the visibility of every message of <paramref name="receiptHandles"/> still in flight
    /// under that handle, without the API's ten-entry limit; others are skipped. A mapping that
    /// stops with messages received but not yet invoked makes them visible again at once.
    /// </summary>
    /// <returns>How many messages changed.</returns>
    public async Task<int> ChangeMessagesVisibilityAsync(string queueName, IReadOnlyList<string> receiptHandles,
        TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiptHandles);
        if (receiptHandles.Count == 0)
            return 0;
        var queue = GetQueue(queueName);
        ValidateVisibility(visibilityTimeout);
        var changed = await _database.WriteAsync(connection =>
        {
            var count = 0;
            foreach (var text in receiptHandles)
            {
                try
                {
                    ChangeVisibilityInUnit(connection, queue, text, ReceiptHandle.Decode(text), visibilityTimeout);
                    count++;
                }
                catch (QueueException)
                {
                    // Gone, received again, or no longer in flight: nothing of ours to change.
                }
            }

            return count;
        }, cancellationToken).ConfigureAwait(false);
        if (changed > 0)
            Signal(queue.Id).Notify();
        return changed;
    }

    /// <summary>Whether the queue (by name, URL or ARN) is FIFO, and its VisibilityTimeout.</summary>
    public (bool Fifo, TimeSpan VisibilityTimeout) GetReceiveSettings(string queue)
    {
        var settings = GetQueue(queue).Settings;
        return (settings.Fifo, TimeSpan.FromSeconds(settings.VisibilityTimeout));
    }
}
