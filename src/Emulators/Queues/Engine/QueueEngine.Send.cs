using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Queues.Engine;

public sealed partial class QueueEngine
{
    private const int MaxBatchEntries = 10;
    private const int MaxBatchBytes = 262144;
    private const int SqliteConstraintForeignKey = 787;
    private static readonly TimeSpan DeduplicationWindow = TimeSpan.FromMinutes(5);
    private long _fifoSends;

    /// <summary>SQS SendMessage. The task completes once the message is durable. FIFO: a send whose
    /// deduplication id was seen in the last 5 minutes returns the original message's id and
    /// sequence number and enqueues nothing.</summary>
    public async Task<SentMessage> SendMessageAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = GetQueue(queueName);
        var prepared = MessageValidation.Prepare(message, queue.Settings);
        var sent = await _database.WriteAsync(connection => Enqueue(connection, queue, prepared), cancellationToken)
            .ConfigureAwait(false);
        Signal(queue.Id).Notify();
        return sent;
    }

    /// <summary>SQS SendMessageBatch: up to 10 entries with distinct ids, at most 256 KiB together,
    /// committed together; each entry succeeds or fails on its own.</summary>
    public async Task<BatchResult<SentMessage>> SendMessageBatchAsync(string queueName,
        IReadOnlyList<BatchEntry<OutgoingMessage>> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var queue = GetQueue(queueName);
        ValidateBatch(entries);
        var total = entries.Sum(e => SizeOf(e.Value));
        if (total > MaxBatchBytes)
            throw QueueErrors.BatchRequestTooLong(total);

        var prepared = new List<(string Id, PreparedMessage Message)>(entries.Count);
        var failed = new List<BatchError>();
        foreach (var entry in entries)
        {
            try
            {
                prepared.Add((entry.Id, MessageValidation.Prepare(entry.Value, queue.Settings)));
            }
            catch (QueueException e)
            {
                failed.Add(ToBatchError(entry.Id, e));
            }
        }

        var successful = new List<BatchEntry<SentMessage>>(prepared.Count);
        if (prepared.Count > 0)
        {
            await _database.WriteAsync(connection =>
            {
                foreach (var (id, message) in prepared)
                {
                    try
                    {
                        successful.Add(new BatchEntry<SentMessage>(id, Enqueue(connection, queue, message)));
                    }
                    catch (QueueException e)
                    {
                        failed.Add(ToBatchError(id, e));
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
            Signal(queue.Id).Notify();
        }

        return new BatchResult<SentMessage>(successful, failed);
    }

    /// <summary>Runs on the writer thread: one INSERT for a standard queue; a FIFO queue adds the
    /// deduplication check and its sequence number.</summary>
    private SentMessage Enqueue(SqliteConnection connection, QueueInfo queue, PreparedMessage message)
    {
        var now = NowMs;
        string? sequenceNumber = null;
        try
        {
            if (queue.Settings.Fifo)
            {
                // Group and deduplication ids are printable ASCII, so '\n' cannot be part of either.
                var key = queue.Settings.DeduplicationPerGroup
                    ? message.GroupId + "\n" + message.DeduplicationId
                    : message.DeduplicationId!;
                var find = _commands.Get(connection, """
                    SELECT message_id, sequence_number FROM sqs_deduplication
                    WHERE queue_id = $q AND dedup_key = $key AND expires_ms > $now
                    """);
                find.Set("$q", queue.Id);
                find.Set("$key", key);
                find.Set("$now", now);
                using (var reader = find.ExecuteReader())
                {
                    if (reader.Read())
                        return new SentMessage(reader.GetString(0), message.Md5OfBody, reader.IsDBNull(1) ? null : reader.GetString(1))
                        {
                            MD5OfMessageAttributes = message.Md5OfMessageAttributes,
                        };
                }

                var next = _commands.Get(connection, "UPDATE sqs_queues SET sequence = sequence + 1 WHERE id = $q RETURNING sequence");
                next.Set("$q", queue.Id);
                sequenceNumber = next.ExecuteScalar() is long sequence
                    ? FormatSequenceNumber(sequence)
                    : throw QueueErrors.NonExistentQueue();

                var remember = _commands.Get(connection, """
                    INSERT OR REPLACE INTO sqs_deduplication (queue_id, dedup_key, message_id, sequence_number, expires_ms)
                    VALUES ($q, $key, $id, $sequence, $expires)
                    """);
                remember.Set("$q", queue.Id);
                remember.Set("$key", key);
                remember.Set("$id", message.MessageId);
                remember.Set("$sequence", sequenceNumber);
                remember.Set("$expires", now + (long)DeduplicationWindow.TotalMilliseconds);
                remember.ExecuteNonQuery();

                // Expired entries are replaced on reuse; sweep the rest now and then so the table stays small.
                if (++_fifoSends % 1024 == 0)
                {
                    var sweep = _commands.Get(connection, "DELETE FROM sqs_deduplication WHERE expires_ms <= $now");
                    sweep.Set("$now", now);
                    sweep.ExecuteNonQuery();
                }
            }

            var insert = _commands.Get(connection, """
                INSERT INTO sqs_messages (queue_id, message_id, body, attributes, md5_body, md5_attributes,
                                          sent_ms, enqueued_ms, visible_ms, group_id, dedup_id, sequence_number, trace_header)
                VALUES ($q, $id, $body, $attributes, $md5, $md5Attributes, $now, $now, $visible, $group, $dedup, $sequence, $trace)
                """);
            insert.Set("$q", queue.Id);
            insert.Set("$id", message.MessageId);
            insert.Set("$body", message.Body);
            insert.Set("$attributes", message.Attributes);
            insert.Set("$md5", message.Md5OfBody);
            insert.Set("$md5Attributes", message.Md5OfMessageAttributes);
            insert.Set("$now", now);
            insert.Set("$visible", now + message.DelayMs);
            insert.Set("$group", message.GroupId);
            insert.Set("$dedup", message.DeduplicationId);
            insert.Set("$sequence", sequenceNumber);
            insert.Set("$trace", message.TraceHeader);
            insert.ExecuteNonQuery();
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintForeignKey)
        {
            // The queue was deleted between our cache lookup and this write.
            throw QueueErrors.NonExistentQueue();
        }

        return new SentMessage(message.MessageId, message.Md5OfBody, sequenceNumber)
        {
            MD5OfMessageAttributes = message.Md5OfMessageAttributes,
        };
    }

    /// <summary>20 decimal digits, increasing per queue, like SQS's.</summary>
    private static string FormatSequenceNumber(long sequence) =>
        (10_000_000_000_000_000_000UL + (ulong)sequence).ToString(CultureInfo.InvariantCulture);

    /// <summary>SQS's message size: the body plus each attribute's name, type and value.</summary>
    private static int SizeOf(OutgoingMessage message)
    {
        var size = Encoding.UTF8.GetByteCount(message.Body ?? "");
        foreach (var (name, value) in message.MessageAttributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType ?? "") +
                    (value.BinaryValue?.Length ?? Encoding.UTF8.GetByteCount(value.StringValue ?? ""));
        }

        return size;
    }

    private static void ValidateBatch<T>(IReadOnlyList<BatchEntry<T>> entries)
    {
        if (entries.Count == 0)
            throw QueueErrors.EmptyBatchRequest();
        if (entries.Count > MaxBatchEntries)
            throw QueueErrors.TooManyEntriesInBatchRequest(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Id is not { Length: > 0 and <= 80 } id || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw QueueErrors.InvalidBatchEntryId();
            if (!seen.Add(id))
                throw QueueErrors.BatchEntryIdsNotDistinct(id);
        }
    }

    private static BatchError ToBatchError(string id, QueueException e) =>
        new(id, e.Code, e.Message, SenderFault: e.StatusCode < 500);
}
