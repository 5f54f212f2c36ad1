using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Queues.Engine;

public sealed partial class QueueEngine
{
    /// <summary>SQS DeleteMessage. A malformed handle, or one made stale by a later receive of the
    /// same message, is ReceiptHandleIsInvalid; a handle of a message already gone succeeds.</summary>
    public async Task DeleteMessageAsync(string queueName, string receiptHandle, CancellationToken cancellationToken = default)
    {
        var queue = GetQueue(queueName);
        var handle = ReceiptHandle.Decode(receiptHandle);
        await _database.WriteAsync(connection => DeleteInUnit(connection, queue, receiptHandle, handle), cancellationToken)
            .ConfigureAwait(false);
        NotifyIfFifo(queue);
    }

    /// <summary>SQS DeleteMessageBatch; successful entries echo their receipt handle.</summary>
    public Task<BatchResult<string>> DeleteMessageBatchAsync(string queueName, IReadOnlyList<BatchEntry<string>> entries,
        CancellationToken cancellationToken = default) =>
        RunHandleBatchAsync(queueName, entries, e => e, (connection, queue, entry, handle) =>
            DeleteInUnit(connection, queue, entry.Value, handle), cancellationToken);

    /// <summary>SQS ChangeMessageVisibility (0–43200 s from now). The message must be in flight under
    /// this, its latest, receipt handle: MessageNotInflight otherwise.</summary>
    public async Task ChangeMessageVisibilityAsync(string queueName, string receiptHandle, TimeSpan visibilityTimeout,
        CancellationToken cancellationToken = default)
    {
        var queue = GetQueue(queueName);
        ValidateVisibility(visibilityTimeout);
        var handle = ReceiptHandle.Decode(receiptHandle);
        await _database.WriteAsync(connection => ChangeVisibilityInUnit(connection, queue, receiptHandle, handle, visibilityTimeout),
            cancellationToken).ConfigureAwait(false);
        Signal(queue.Id).Notify();
    }

    /// <summary>SQS ChangeMessageVisibilityBatch.</summary>
    public Task<BatchResult<VisibilityChange>> ChangeMessageVisibilityBatchAsync(string queueName,
        IReadOnlyList<BatchEntry<VisibilityChange>> entries, CancellationToken cancellationToken = default) =>
        RunHandleBatchAsync(queueName, entries, e => e.ReceiptHandle, (connection, queue, entry, handle) =>
        {
            ValidateVisibility(entry.Value.VisibilityTimeout);
            ChangeVisibilityInUnit(connection, queue, entry.Value.ReceiptHandle, handle, entry.Value.VisibilityTimeout);
        }, cancellationToken);

    private async Task<BatchResult<T>> RunHandleBatchAsync<T>(string queueName, IReadOnlyList<BatchEntry<T>> entries,
        Func<T, string> handleOf, Action<SqliteConnection, QueueInfo, BatchEntry<T>, ReceiptHandle> apply,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var queue = GetQueue(queueName);
        ValidateBatch(entries);
        var successful = new List<BatchEntry<T>>();
        var failed = new List<BatchError>();
        var decoded = new List<(BatchEntry<T> Entry, ReceiptHandle Handle)>();
        foreach (var entry in entries)
        {
            try
            {
                decoded.Add((entry, ReceiptHandle.Decode(handleOf(entry.Value))));
            }
            catch (QueueException e)
            {
                failed.Add(ToBatchError(entry.Id, e));
            }
        }

        if (decoded.Count > 0)
        {
            await _database.WriteAsync(connection =>
            {
                foreach (var (entry, handle) in decoded)
                {
                    try
                    {
                        apply(connection, queue, entry, handle);
                        successful.Add(entry);
                    }
                    catch (QueueException e)
                    {
                        failed.Add(ToBatchError(entry.Id, e));
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
            Signal(queue.Id).Notify();
        }

        return new BatchResult<T>(successful, failed);
    }

    private void DeleteInUnit(SqliteConnection connection, QueueInfo queue, string text, ReceiptHandle handle)
    {
        if (handle.QueueId != queue.Id)
            throw QueueErrors.ReceiptHandleIsInvalid(text);
        var delete = _commands.Get(connection, "DELETE FROM sqs_messages WHERE id = $id AND queue_id = $q AND receipt = $receipt");
        delete.Set("$id", handle.MessageRowId);
        delete.Set("$q", queue.Id);
        delete.Set("$receipt", handle.Nonce);
        if (delete.ExecuteNonQuery() == 1)
            return;

        // Still there under another receipt: it was received again, so this handle is stale.
        var exists = _commands.Get(connection, "SELECT 1 FROM sqs_messages WHERE id = $id AND queue_id = $q");
        exists.Set("$id", handle.MessageRowId);
        exists.Set("$q", queue.Id);
        if (exists.ExecuteScalar() is not null)
            throw QueueErrors.ReceiptHandleIsInvalid(text);
    }

    private void ChangeVisibilityInUnit(SqliteConnection connection, QueueInfo queue, string text, ReceiptHandle handle,
        TimeSpan visibilityTimeout)
    {
        if (handle.QueueId != queue.Id)
            throw QueueErrors.ReceiptHandleIsInvalid(text);
        var now = NowMs;
        var select = _commands.Get(connection, "SELECT receipt, receive_count, visible_ms FROM sqs_messages WHERE id = $id AND queue_id = $q");
        select.Set("$id", handle.MessageRowId);
        select.Set("$q", queue.Id);
        using (var reader = select.ExecuteReader())
        {
            if (!reader.Read())
                throw QueueErrors.MessageNotAvailable(text);
            if (reader.GetInt64(0) != handle.Nonce)
                throw QueueErrors.ReceiptHandleIsInvalid(text);
            if (reader.GetInt32(1) == 0 || reader.GetInt64(2) <= now)
                throw QueueErrors.MessageNotInflight();
        }

        var update = _commands.Get(connection, "UPDATE sqs_messages SET visible_ms = $visible WHERE id = $id");
        update.Set("$visible", now + (long)visibilityTimeout.TotalMilliseconds);
        update.Set("$id", handle.MessageRowId);
        update.ExecuteNonQuery();
    }

    private static void ValidateVisibility(TimeSpan visibilityTimeout)
    {
        if (visibilityTimeout < TimeSpan.Zero || visibilityTimeout > TimeSpan.FromSeconds(MaxVisibilitySeconds))
            throw QueueErrors.InvalidParameter("VisibilityTimeout", ((long)visibilityTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "Must be between 0 and 43200, if provided.");
    }

    /// <summary>Deleting a FIFO group's in-flight head unblocks the group: wake waiting receives.</summary>
    private void NotifyIfFifo(QueueInfo queue)
    {
        if (queue.Settings.Fifo)
            Signal(queue.Id).Notify();
    }
}
