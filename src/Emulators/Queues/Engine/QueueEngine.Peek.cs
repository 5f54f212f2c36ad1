namespace Platform.Emulators.Queues.Engine;

public sealed partial class QueueEngine
{
    /// <summary>
    /// The oldest messages of a queue (visible, in flight and delayed), read without receiving them:
    /// no receive count, visibility or receipt handle changes, so a dashboard or a test can look at a
    /// queue — a DLQ in particular — without disturbing its consumers or its redrive counts.
    /// Internal queues are reachable by their exact name, as everywhere in the engine.
    /// </summary>
    public IReadOnlyList<PeekedMessage> PeekMessages(string queueName, int maxMessages)
    {
        var queue = GetQueue(queueName);
        var now = NowMs;
        return _database.Read(connection =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT message_id, body, attributes, receive_count, sent_ms, visible_ms, group_id, dead_letter_source
                FROM sqs_messages WHERE queue_id = $q AND enqueued_ms > $expired ORDER BY id LIMIT $max
                """;
            select.Set("$q", queue.Id);
            select.Set("$expired", ExpiredBefore(queue, now));
            select.Set("$max", Math.Clamp(maxMessages, 0, MaxListResults));
            using var reader = select.ExecuteReader();
            var messages = new List<PeekedMessage>();
            while (reader.Read())
            {
                var receiveCount = reader.GetInt32(3);
                var visibleMs = reader.GetInt64(5);
                var state = visibleMs <= now ? "visible" : receiveCount > 0 ? "inFlight" : "delayed";
                messages.Add(new PeekedMessage(reader.GetString(0), reader.GetString(1), state, receiveCount,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(visibleMs),
                    reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                    MessageAttributeCodec.Decode(reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2))));
            }

            return (IReadOnlyList<PeekedMessage>)messages;
        });
    }

    /// <summary>Visible, in-flight and delayed message counts (SQS's three Approximate… attributes) in one read.</summary>
    public (long Visible, long InFlight, long Delayed) CountMessages(string queueName) => CountMessages(GetQueue(queueName));

    /// <summary>Deletes every message now, without PurgeQueue's once-a-minute limit: the dashboard's
    /// reset, which is the platform's own act and not an SQS request.</summary>
    public async Task ClearAsync(string queueName, CancellationToken cancellationToken = default)
    {
        var queue = GetQueue(queueName);
        await _database.WriteAsync(connection =>
        {
            using var clear = connection.CreateCommand();
            clear.CommandText = "DELETE FROM sqs_messages WHERE queue_id = $q";
            clear.Set("$q", queue.Id);
            clear.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        Signal(queue.Id).Notify();
    }
}
