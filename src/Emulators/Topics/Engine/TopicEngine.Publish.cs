using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Topics.Engine;

public sealed partial class TopicEngine
{
    public const int MaxBatchEntries = 10;
    private static readonly TimeSpan DeduplicationWindow = TimeSpan.FromMinutes(5);

    /// <summary>Returns once the message is in the outbox (durable): every subscription it matches
    /// receives it at least once, whatever happens to this process afterwards.</summary>
    public async Task<PublishResult> PublishAsync(string? topicArn, PublishRequest request, CancellationToken cancellationToken)
    {
        var topic = RequireTopic(topicArn);
        PublishValidation.Validate(topic, request);
        var results = await WriteMessagesAsync(topic, [request], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    Task<PublishResult> ITopicPort.PublishAsync(string topicArn, PublishRequest request, CancellationToken cancellationToken) =>
        PublishAsync(topicArn, request, cancellationToken);

    /// <summary>PublishBatch: the entries that pass validation are written in one commit; the others
    /// come back as errors with their ids (SNS's per-entry codes).</summary>
    public async Task<(IReadOnlyList<(string Id, PublishResult Result)> Successful, IReadOnlyList<(string Id, TopicException Error)> Failed)>
        PublishBatchAsync(string? topicArn, IReadOnlyList<(string Id, PublishRequest Request)> entries, CancellationToken cancellationToken)
    {
        var topic = RequireTopic(topicArn);
        if (entries.Count == 0)
            throw new TopicException("EmptyBatchRequest", "The batch request doesn't contain any entries.");
        if (entries.Count > MaxBatchEntries)
            throw new TopicException("TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.");
        if (entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count() != entries.Count)
            throw new TopicException("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
        foreach (var (id, _) in entries)
        {
            if (id.Length is 0 or > 80 || id.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_'))
                throw new TopicException("InvalidBatchEntryId", "The Id of a batch entry in a batch request doesn't abide by the specification.");
        }
        if (entries.Sum(e => PublishValidation.Size(e.Request)) > PublishValidation.MaxMessageBytes)
            throw new TopicException("BatchRequestTooLong", "The length of all the messages put together is more than the limit.");

        var valid = new List<(string Id, PublishRequest Request)>();
        var failed = new List<(string, TopicException)>();
        foreach (var entry in entries)
        {
            try
            {
                PublishValidation.Validate(topic, entry.Request);
                valid.Add(entry);
            }
            catch (TopicException error)
            {
                failed.Add((entry.Id, error));
            }
        }

        var results = valid.Count == 0 ? [] : await WriteMessagesAsync(topic, [.. valid.Select(v => v.Request)], cancellationToken).ConfigureAwait(false);
        return ([.. valid.Select((v, i) => (v.Id, results[i]))], failed);
    }

    private async Task<IReadOnlyList<PublishResult>> WriteMessagesAsync(Topic topic, IReadOnlyList<PublishRequest> requests, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var prepared = requests.Select(r => (Request: r, MessageId: Guid.NewGuid().ToString(), Attributes: TopicJson.WriteAttributes(r.MessageAttributes),
            DedupId: topic.Fifo ? r.MessageDeduplicationId ?? ContentDeduplicationId(r.Message) : null)).ToList();
        var results = await _database.WriteAsync(connection =>
        {
            var answers = new PublishResult[prepared.Count];
            for (var i = 0; i < prepared.Count; i++)
            {
                var (request, messageId, attributes, dedupId) = prepared[i];
                string? sequenceNumber = null;
                if (topic.Fifo)
                {
                    if (FindDuplicate(connection, topic, request.MessageGroupId!, dedupId!, now) is { } duplicate)
                    {
                        answers[i] = duplicate;
                        continue;
                    }
                    sequenceNumber = NextSequenceNumber(connection, topic.Arn);
                    var key = DedupKey(topic, request.MessageGroupId!, dedupId!);
                    using var remember = Command(connection, """
                        INSERT OR REPLACE INTO sns_deduplication (topic_arn, dedup_key, message_id, sequence_number, expires_ms)
                        VALUES ($topic, $key, $id, $seq, $expires)
                        """, ("$topic", topic.Arn), ("$key", key), ("$id", messageId), ("$seq", sequenceNumber),
                        ("$expires", now + (long)DeduplicationWindow.TotalMilliseconds));
                    remember.ExecuteNonQuery();
                }

                using var insert = Command(connection, """
                    INSERT INTO sns_outbox (lane, type, topic_arn, message_id, subject, message, structure, attributes, group_id, dedup_id,
                                            sequence_number, published_ms)
                    VALUES ('fanout', 'Notification', $topic, $id, $subject, $message, $structure, $attributes, $group, $dedup, $seq, $now)
                    """, ("$topic", topic.Arn), ("$id", messageId), ("$subject", request.Subject), ("$message", request.Message),
                    ("$structure", request.MessageStructure), ("$attributes", attributes), ("$group", request.MessageGroupId),
                    ("$dedup", dedupId), ("$seq", sequenceNumber), ("$now", now));
                insert.ExecuteNonQuery();
                answers[i] = new PublishResult(messageId, sequenceNumber);
            }
            return answers;
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
        return results;
    }

    private static PublishResult? FindDuplicate(SqliteConnection connection, Topic topic, string groupId, string dedupId, long now)
    {
        using var find = Command(connection,
            "SELECT message_id, sequence_number FROM sns_deduplication WHERE topic_arn = $topic AND dedup_key = $key AND expires_ms > $now",
            ("$topic", topic.Arn), ("$key", DedupKey(topic, groupId, dedupId)), ("$now", now));
        using var reader = find.ExecuteReader();
        return reader.Read() ? new PublishResult(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }

    /// <summary>FifoThroughputScope=MessageGroup deduplicates within a group; Topic (the default) across the topic.</summary>
    private static string DedupKey(Topic topic, string groupId, string dedupId) =>
        topic.Attributes.GetValueOrDefault(TopicAttributeNames.FifoThroughputScope) == "MessageGroup" ? groupId + "\n" + dedupId : dedupId;

    /// <summary>20 digits, increasing per topic, like SNS's (large and non-consecutive there).</summary>
    private static string NextSequenceNumber(SqliteConnection connection, string topicArn)
    {
        using var next = Command(connection, "UPDATE sns_topics SET sequence = sequence + 1 WHERE arn = $arn RETURNING sequence", ("$arn", topicArn));
        var value = next.ExecuteScalar() as long? ?? throw TopicErrors.TopicNotFound();
        return (10_000_000_000_000_000_000m + value).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>ContentBasedDeduplication: SHA-256 of the body (not the attributes), as SNS.</summary>
    private static string ContentDeduplicationId(string message) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message)));

    private static void InsertHttp(SqliteConnection connection, string type, string topicArn, string subscriptionArn, string messageId,
        string? subject, string message, long now, string? token)
    {
        using var insert = Command(connection, """
            INSERT INTO sns_outbox (lane, type, topic_arn, subscription_arn, message_id, subject, message, token, published_ms, due_ms)
            VALUES ('http', $type, $topic, $subscription, $id, $subject, $message, $token, $now, $now)
            """, ("$type", type), ("$topic", topicArn), ("$subscription", subscriptionArn), ("$id", messageId), ("$subject", subject),
            ("$message", message), ("$token", token), ("$now", now));
        insert.ExecuteNonQuery();
    }
}
