using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Topics.Engine;

public sealed partial class TopicEngine
{
    private const string Columns =
        "seq, type, topic_arn, subscription_arn, message_id, subject, message, structure, attributes, group_id, dedup_id, sequence_number, token, published_ms, attempt";

    public IReadOnlyList<PublishedMessage> ReadFanout(int max) => _database.Read(connection =>
    {
        using var select = Command(connection, $"SELECT {Columns} FROM sns_outbox WHERE lane = 'fanout' ORDER BY seq LIMIT $max", ("$max", max));
        return ReadMessages(select);
    });

    public IReadOnlyList<PublishedMessage> ReadDueHttp(DateTimeOffset now, int max) => _database.Read(connection =>
    {
        using var select = Command(connection, $"SELECT {Columns} FROM sns_outbox WHERE lane = 'http' AND due_ms <= $now ORDER BY due_ms, seq LIMIT $max",
            ("$now", now.ToUnixTimeMilliseconds()), ("$max", max));
        return ReadMessages(select);
    });

    public DateTimeOffset? NextHttpDue() => _database.Read(connection =>
    {
        using var select = Command(connection, "SELECT MIN(due_ms) FROM sns_outbox WHERE lane = 'http'");
        return select.ExecuteScalar() is long due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : (DateTimeOffset?)null;
    });

    public IReadOnlyList<Subscription> SubscriptionsOf(string topicArn, long sequence)
    {
        lock (_lock)
            return [.. _subscriptions.Values.Where(s => s.TopicArn == topicArn && s.Confirmed && s.SinceSequence < sequence)];
    }

    public Subscription? FindSubscription(string subscriptionArn)
    {
        lock (_lock)
            return _subscriptions.GetValueOrDefault(subscriptionArn);
    }

    public async Task CompleteFanoutAsync(long sequence, IReadOnlyList<string> httpSubscriptionArns, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _database.WriteAsync(connection =>
        {
            foreach (var subscriptionArn in httpSubscriptionArns)
            {
                using var copy = Command(connection, """
                    INSERT INTO sns_outbox (lane, type, topic_arn, subscription_arn, message_id, subject, message, structure, attributes,
                                            group_id, dedup_id, sequence_number, published_ms, due_ms)
                    SELECT 'http', type, topic_arn, $subscription, message_id, subject, message, structure, attributes,
                           group_id, dedup_id, sequence_number, published_ms, $now FROM sns_outbox WHERE seq = $seq
                    """, ("$subscription", subscriptionArn), ("$now", now), ("$seq", sequence));
                copy.ExecuteNonQuery();
            }
            Delete(connection, sequence);
        }, cancellationToken).ConfigureAwait(false);
        if (httpSubscriptionArns.Count > 0)
            Changed.Notify();
    }

    public Task CompleteHttpAsync(long sequence, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection => Delete(connection, sequence), cancellationToken);

    public Task RetryHttpAsync(long sequence, int attempt, DateTimeOffset due, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection =>
        {
            using var update = Command(connection, "UPDATE sns_outbox SET attempt = $attempt, due_ms = $due WHERE seq = $seq",
                ("$attempt", attempt), ("$due", due.ToUnixTimeMilliseconds()), ("$seq", sequence));
            update.ExecuteNonQuery();
        }, cancellationToken);

    private static void Delete(SqliteConnection connection, long sequence)
    {
        using var delete = Command(connection, "DELETE FROM sns_outbox WHERE seq = $seq", ("$seq", sequence));
        delete.ExecuteNonQuery();
    }

    private static List<PublishedMessage> ReadMessages(SqliteCommand select)
    {
        using var reader = select.ExecuteReader();
        var messages = new List<PublishedMessage>();
        while (reader.Read())
        {
            messages.Add(new PublishedMessage
            {
                Sequence = reader.GetInt64(0),
                Type = reader.GetString(1),
                TopicArn = reader.GetString(2),
                SubscriptionArn = Text(reader, 3),
                MessageId = reader.GetString(4),
                Subject = Text(reader, 5),
                Message = reader.GetString(6),
                MessageStructure = Text(reader, 7),
                MessageAttributes = TopicJson.ReadAttributes(Text(reader, 8)),
                MessageGroupId = Text(reader, 9),
                MessageDeduplicationId = Text(reader, 10),
                SequenceNumber = Text(reader, 11),
                Token = Text(reader, 12),
                Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                Attempt = (int)reader.GetInt64(14),
            });
        }
        return messages;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
