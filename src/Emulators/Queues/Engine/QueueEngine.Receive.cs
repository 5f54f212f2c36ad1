using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Queues.Engine;

public sealed partial class QueueEngine
{
    private const int MaxApiBatch = 10;
    private const int MaxPlatformBatch = 10_000;
    private const int MaxVisibilitySeconds = 43200;
    private const int MaxApiWaitSeconds = 20;

    // Choosing reads only these small columns (FIFO sorts the whole queue by them); the bodies of
    // the chosen messages are then fetched by primary key.
    private const string ChoiceColumns = "id, receive_count, enqueued_ms, visible_ms, group_id";

    /// <summary>A ReceiveRequest for the SQS API, with its limits: 1–10 messages, visibility
    /// 0–43200 s, wait 0–20 s (the queue's ReceiveMessageWaitTimeSeconds when not given).</summary>
    public ReceiveRequest CreateApiReceiveRequest(string queue, int? maxNumberOfMessages = null,
        int? visibilityTimeoutSeconds = null, int? waitTimeSeconds = null)
    {
        var info = GetQueue(queue);
        if (maxNumberOfMessages is < 1 or > MaxApiBatch)
            throw QueueErrors.InvalidParameter("MaxNumberOfMessages", maxNumberOfMessages.Value.ToString(CultureInfo.InvariantCulture),
                "Must be between 1 and 10, if provided.");
        if (visibilityTimeoutSeconds is < 0 or > MaxVisibilitySeconds)
            throw QueueErrors.InvalidParameter("VisibilityTimeout", visibilityTimeoutSeconds.Value.ToString(CultureInfo.InvariantCulture),
                "Must be between 0 and 43200, if provided.");
        if (waitTimeSeconds is < 0 or > MaxApiWaitSeconds)
            throw QueueErrors.InvalidParameter("WaitTimeSeconds", waitTimeSeconds.Value.ToString(CultureInfo.InvariantCulture),
                "Must be >= 0 and <= 20, if provided.");
        return new ReceiveRequest
        {
            MaxNumberOfMessages = maxNumberOfMessages ?? 1,
            VisibilityTimeout = visibilityTimeoutSeconds is { } v ? TimeSpan.FromSeconds(v) : null,
            WaitTime = TimeSpan.FromSeconds(waitTimeSeconds ?? info.Settings.ReceiveMessageWaitTimeSeconds),
        };
    }

    /// <summary>Receives up to <see cref="ReceiveRequest.MaxNumberOfMessages"/> messages (the
    /// platform's pollers may ask for up to 10000; the API limits itself through
    /// <see cref="CreateApiReceiveRequest"/>). Each message gets a new receipt handle and one more
    /// receive; one whose count would pass the redrive policy's maxReceiveCount moves to the
    /// dead-letter queue instead. With a wait time, returns as soon as something is available.
    /// Returns empty when the queue is deleted while waiting.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queueName, ReceiveRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = GetQueue(queueName);
        if (request.MaxNumberOfMessages is < 1 or > MaxPlatformBatch)
            throw QueueErrors.InvalidParameter("MaxNumberOfMessages", request.MaxNumberOfMessages.ToString(CultureInfo.InvariantCulture),
                "Must be between 1 and 10000.");
        if (request.VisibilityTimeout is { } visibility && (visibility < TimeSpan.Zero || visibility > TimeSpan.FromSeconds(MaxVisibilitySeconds)))
            throw QueueErrors.InvalidParameter("VisibilityTimeout", ((long)visibility.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                "Must be between 0 and 43200, if provided.");
        if (request.WaitTime < TimeSpan.Zero)
            throw QueueErrors.InvalidParameter("WaitTimeSeconds", ((long)request.WaitTime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                "Must be >= 0.");

        var deadline = _time.GetUtcNow() + request.WaitTime;
        var signal = Signal(queue.Id);
        while (true)
        {
            // Read the version before looking, so a send that lands after our look still wakes us.
            var seen = signal.Version;
            if (!_queues.TryGetValue(queue.Name, out var current) || current.Id != queue.Id)
                return [];
            queue = current;

            var outcome = await TryReceiveAsync(queue, request, cancellationToken).ConfigureAwait(false);
            if (outcome.Messages.Count > 0)
                return outcome.Messages;

            var now = _time.GetUtcNow();
            if (now >= deadline)
                return outcome.Messages;
            var wakeAt = outcome.NextVisibleMs is { } next && FromMs(next) < deadline ? FromMs(next) : deadline;
            if (wakeAt > now)
                await signal.WaitAsync(seen, wakeAt - now, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ReceiveOutcome> TryReceiveAsync(QueueInfo queue, ReceiveRequest request, CancellationToken cancellationToken)
    {
        // Look on a read connection first: an idle poller must not occupy the writer.
        var now = NowMs;
        var (anyVisible, nextVisible) = _database.Read(connection => Peek(connection, queue.Id, now));
        if (!anyVisible)
            return new ReceiveOutcome([], nextVisible, []);

        var outcome = await _database.WriteAsync(connection => ReceiveInUnit(connection, queue, request), cancellationToken)
            .ConfigureAwait(false);
        foreach (var deadLetterQueue in outcome.RedrivenTo)
            Signal(deadLetterQueue).Notify();
        return outcome;
    }

    /// <summary>Whether a receive now would find a message (visible by the injected clock): a consumer
    /// that is caught up has none left.</summary>
    public bool HasVisibleMessages(string queueName)
    {
        var queue = GetQueue(queueName);
        var now = NowMs;
        return _database.Read(connection => Peek(connection, queue.Id, now)).AnyVisible;
    }

    private static (bool AnyVisible, long? NextVisibleMs) Peek(SqliteConnection connection, long queueId, long now)
    {
        using var peek = connection.CreateCommand();
        peek.CommandText = """
            SELECT EXISTS (SELECT 1 FROM sqs_messages WHERE queue_id = $q AND visible_ms <= $now),
                   (SELECT MIN(visible_ms) FROM sqs_messages WHERE queue_id = $q AND visible_ms > $now)
            """;
        peek.Set("$q", queueId);
        peek.Set("$now", now);
        using var reader = peek.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0) == 1, reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }

    /// <summary>Runs on the writer thread, so choosing messages and marking them received is atomic.
    /// Expired messages found on the way are deleted; those past maxReceiveCount are moved.</summary>
    private ReceiveOutcome ReceiveInUnit(SqliteConnection connection, QueueInfo queue, ReceiveRequest request)
    {
        var now = NowMs;
        var expiredBefore = ExpiredBefore(queue, now);
        var visibleUntil = now + (long)(request.VisibilityTimeout?.TotalMilliseconds ?? queue.Settings.VisibilityTimeout * 1000L);
        var redrive = queue.Settings.Redrive;
        var deadLetterQueue = redrive is null ? null : FindByArn(redrive.DeadLetterTargetArn, allowInternal: true);
        if (deadLetterQueue?.Id == queue.Id)
            deadLetterQueue = null;
        var fifo = queue.Settings.Fifo;

        var taken = new List<(long Row, int ReceiveCount, long Nonce)>();
        var expired = new List<long>();
        var moved = new List<(long Row, long EnqueuedMs)>();
        var blockedGroups = fifo ? new HashSet<string>(StringComparer.Ordinal) : null;

        // Standard: visible messages, oldest visibility first, straight off the index. FIFO: the
        // whole queue in send order, so each group's head decides whether the group is served.
        var select = _commands.Get(connection, fifo
            ? $"SELECT {ChoiceColumns} FROM sqs_messages WHERE queue_id = $q ORDER BY id"
            : $"SELECT {ChoiceColumns} FROM sqs_messages WHERE queue_id = $q AND visible_ms <= $now ORDER BY visible_ms, id");
        select.Set("$q", queue.Id);
        select.Set("$now", now);
        using (var reader = select.ExecuteReader())
        {
            while (taken.Count < request.MaxNumberOfMessages && reader.Read())
            {
                var row = reader.GetInt64(0);
                var receiveCount = reader.GetInt32(1);
                var enqueuedMs = reader.GetInt64(2);
                if (blockedGroups is not null)
                {
                    // A group whose head is in flight (or still delayed) is not served past it.
                    var group = reader.GetString(4);
                    if (blockedGroups.Contains(group))
                        continue;
                    if (reader.GetInt64(3) > now)
                    {
                        blockedGroups.Add(group);
                        continue;
                    }
                }

                if (enqueuedMs <= expiredBefore)
                    expired.Add(row);
                else if (deadLetterQueue is not null && receiveCount + 1 > redrive!.MaxReceiveCount)
                    moved.Add((row, enqueuedMs));
                else
                    taken.Add((row, receiveCount, ReceiptHandle.NewNonce()));
            }
        }

        var messages = new List<ReceivedMessage>(taken.Count);
        foreach (var (row, receiveCount, nonce) in taken)
        {
            messages.Add(ReadMessage(connection, queue, row, receiveCount, nonce, now));
            var mark = _commands.Get(connection, """
                UPDATE sqs_messages
                SET visible_ms = $visible, receive_count = receive_count + 1,
                    first_receive_ms = COALESCE(first_receive_ms, $now), receipt = $receipt
                WHERE id = $id
                """);
            mark.Set("$visible", visibleUntil);
            mark.Set("$now", now);
            mark.Set("$receipt", nonce);
            mark.Set("$id", row);
            mark.ExecuteNonQuery();
        }

        foreach (var row in expired)
        {
            var delete = _commands.Get(connection, "DELETE FROM sqs_messages WHERE id = $id");
            delete.Set("$id", row);
            delete.ExecuteNonQuery();
        }

        foreach (var (row, enqueuedMs) in moved)
        {
            // Moved in place: id, body, attributes, SentTimestamp and the receive count carry over,
            // as in SQS. Expiry keeps counting from the original enqueue, except that a FIFO
            // dead-letter queue restarts it (SQS resets the enqueue timestamp there).
            var move = _commands.Get(connection, """
                UPDATE sqs_messages
                SET queue_id = $dlq, visible_ms = $now, enqueued_ms = $enqueued, receipt = 0, dead_letter_source = $source
                WHERE id = $id
                """);
            move.Set("$dlq", deadLetterQueue!.Id);
            move.Set("$now", now);
            move.Set("$enqueued", fifo ? now : enqueuedMs);
            move.Set("$source", QueueNames.Arn(Options, queue.Name));
            move.Set("$id", row);
            move.ExecuteNonQuery();
        }

        if (moved.Count > 0 && QueueTelemetry.DeadLetterMoves.Enabled)
            QueueTelemetry.DeadLetterMoves.Add(moved.Count, new("queue", queue.Name), new("dead_letter_queue", deadLetterQueue!.Name));
        if (messages.Count > 0)
            request.OnReceived?.Invoke(messages.Count);

        long? nextVisible = null;
        if (taken.Count == 0)
        {
            var next = _commands.Get(connection, "SELECT MIN(visible_ms) FROM sqs_messages WHERE queue_id = $q AND visible_ms > $now");
            next.Set("$q", queue.Id);
            next.Set("$now", now);
            nextVisible = next.ExecuteScalar() as long?;
        }

        return new ReceiveOutcome(
            messages,
            nextVisible,
            moved.Count > 0 ? [deadLetterQueue!.Id] : []);
    }

    private ReceivedMessage ReadMessage(SqliteConnection connection, QueueInfo queue, long row, int receiveCount, long nonce, long now)
    {
        var select = _commands.Get(connection, """
            SELECT message_id, body, attributes, md5_body, md5_attributes, sent_ms, first_receive_ms,
                   group_id, dedup_id, sequence_number, dead_letter_source, trace_header
            FROM sqs_messages WHERE id = $id
            """);
        select.Set("$id", row);
        using var reader = select.ExecuteReader();
        reader.Read();
        string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
        return new ReceivedMessage
        {
            MessageId = reader.GetString(0),
            ReceiptHandle = new ReceiptHandle(queue.Id, row, nonce).Encode(),
            Body = reader.GetString(1),
            MessageAttributes = MessageAttributeCodec.Decode(reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2)),
            MD5OfBody = reader.GetString(3),
            MD5OfMessageAttributes = Text(4),
            SentTimestamp = FromMs(reader.GetInt64(5)),
            ApproximateFirstReceiveTimestamp = FromMs(reader.IsDBNull(6) ? now : reader.GetInt64(6)),
            ApproximateReceiveCount = receiveCount + 1,
            SenderId = Options.AccountId,
            MessageGroupId = Text(7),
            MessageDeduplicationId = Text(8),
            SequenceNumber = Text(9),
            DeadLetterQueueSourceArn = Text(10),
            TraceHeader = Text(11),
        };
    }
}
