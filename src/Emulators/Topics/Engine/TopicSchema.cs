namespace Platform.Emulators.Topics.Engine;

/// <summary>The topic engine's tables in the shared database.
/// <para><c>sns_outbox</c> is how a Publish becomes durable before it is acknowledged: the message
/// row commits in the Publish's own write, and the delivery worker settles it later — one row per
/// message, not per subscription, so a publish to a topic with many subscribers costs one insert and
/// the filter policies are evaluated once by the worker. Chosen over writing the SQS messages in the
/// same commit because an SNS message also reaches functions (the triggers' async queues) and HTTP
/// endpoints, which the emulator cannot write in its own transaction; the outbox covers all three
/// the same way and a crash before delivery only means it runs again (at least once, as SNS).</para>
/// <para>Lane <c>fanout</c> rows are read in sequence order by one worker (so FIFO topics keep order
/// into FIFO queues); lane <c>http</c> rows are single HTTP deliveries (a notification for one
/// subscription or a subscription confirmation) with their attempt count and next due time, kept
/// apart so a slow endpoint never holds up queue and function deliveries.</para></summary>
internal static class TopicSchema
{
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS sns_topics (
            arn TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            fifo INTEGER NOT NULL,
            attributes TEXT NOT NULL,
            tags TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            sequence INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS sns_subscriptions (
            arn TEXT PRIMARY KEY,
            topic_arn TEXT NOT NULL,
            protocol TEXT NOT NULL,
            endpoint TEXT NOT NULL,
            owner TEXT NOT NULL,
            attributes TEXT NOT NULL,
            confirmed INTEGER NOT NULL,
            token TEXT NULL,
            since_seq INTEGER NOT NULL,
            created_ms INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS sns_outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            lane TEXT NOT NULL,
            type TEXT NOT NULL,
            topic_arn TEXT NOT NULL,
            subscription_arn TEXT NULL,
            message_id TEXT NOT NULL,
            subject TEXT NULL,
            message TEXT NOT NULL,
            structure TEXT NULL,
            attributes TEXT NULL,
            group_id TEXT NULL,
            dedup_id TEXT NULL,
            sequence_number TEXT NULL,
            token TEXT NULL,
            published_ms INTEGER NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 0,
            due_ms INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS sns_outbox_by_lane ON sns_outbox (lane, due_ms);
        CREATE TABLE IF NOT EXISTS sns_deduplication (
            topic_arn TEXT NOT NULL,
            dedup_key TEXT NOT NULL,
            message_id TEXT NOT NULL,
            sequence_number TEXT NULL,
            expires_ms INTEGER NOT NULL,
            PRIMARY KEY (topic_arn, dedup_key)
        ) WITHOUT ROWID;
        """;
}
