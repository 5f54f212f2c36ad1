namespace Platform.Emulators.Queues.Engine;

/// <summary>The queue engine's tables in the shared database.
/// <para>Queues get an AUTOINCREMENT id so a receipt handle or a cached id of a deleted queue never
/// points at a re-created one; messages and dedup entries cascade with their queue (the writer
/// connection has foreign_keys=ON), which also turns a send racing a DeleteQueue into a clean
/// constraint failure.</para>
/// <para>A message is visible when <c>visible_ms</c> ≤ now; in flight when it was received and is not
/// visible yet; delayed when it was never received and is not visible yet — so no state column is
/// needed and the receive query is one range scan of <c>(queue_id, visible_ms)</c>.
/// <c>receipt</c> is the random nonce of the latest receipt handle (0 before the first receive).
/// Expiry is computed from <c>enqueued_ms</c> and the queue's current retention period, so changing
/// MessageRetentionPeriod applies to the messages already there, as in SQS.</para></summary>
internal static class QueueSchema
{
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS sqs_queues (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            attributes TEXT NOT NULL,
            tags TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            modified_ms INTEGER NOT NULL,
            sequence INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS sqs_messages (
            id INTEGER PRIMARY KEY,
            queue_id INTEGER NOT NULL REFERENCES sqs_queues (id) ON DELETE CASCADE,
            message_id TEXT NOT NULL,
            body TEXT NOT NULL,
            attributes BLOB NULL,
            md5_body TEXT NOT NULL,
            md5_attributes TEXT NULL,
            sent_ms INTEGER NOT NULL,
            enqueued_ms INTEGER NOT NULL,
            visible_ms INTEGER NOT NULL,
            receive_count INTEGER NOT NULL DEFAULT 0,
            first_receive_ms INTEGER NULL,
            receipt INTEGER NOT NULL DEFAULT 0,
            group_id TEXT NULL,
            dedup_id TEXT NULL,
            sequence_number TEXT NULL,
            dead_letter_source TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS sqs_messages_by_visibility ON sqs_messages (queue_id, visible_ms);
        CREATE TABLE IF NOT EXISTS sqs_deduplication (
            queue_id INTEGER NOT NULL REFERENCES sqs_queues (id) ON DELETE CASCADE,
            dedup_key TEXT NOT NULL,
            message_id TEXT NOT NULL,
            sequence_number TEXT NULL,
            expires_ms INTEGER NOT NULL,
            PRIMARY KEY (queue_id, dedup_key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS sqs_deduplication_by_expiry ON sqs_deduplication (expires_ms);
        """;
}
