namespace Platform.Emulators.Streams.Engine;

/// <summary>The stream engine's tables.
/// <para>Records share one AUTOINCREMENT rowid (<c>position</c>): the single writer assigns it in
/// commit order, so a reader that saw position P will never later see a smaller one appear — which
/// is what lets "after P" reads and iterators never skip a record. A shard's range starts at the
/// position current when it was created and ends (<c>ending_position</c>) at the one current when a
/// reshard closed it.</para>
/// <para>Streams get AUTOINCREMENT ids, so an iterator or sequence number of a deleted stream never
/// reaches a re-created one of the same name; shards and records cascade with their stream.</para></summary>
internal static class StreamSchema
{
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS kinesis_streams (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            mode TEXT NOT NULL,
            retention_hours INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            tags TEXT NOT NULL,
            next_shard_index INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS kinesis_shards (
            stream_id INTEGER NOT NULL REFERENCES kinesis_streams (id) ON DELETE CASCADE,
            shard_index INTEGER NOT NULL,
            parent_index INTEGER NULL,
            adjacent_parent_index INTEGER NULL,
            starting_hash TEXT NOT NULL,
            ending_hash TEXT NOT NULL,
            starting_position INTEGER NOT NULL,
            ending_position INTEGER NULL,
            created_ms INTEGER NOT NULL,
            closed_ms INTEGER NULL,
            PRIMARY KEY (stream_id, shard_index)
        );
        CREATE TABLE IF NOT EXISTS kinesis_records (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            stream_id INTEGER NOT NULL REFERENCES kinesis_streams (id) ON DELETE CASCADE,
            shard_index INTEGER NOT NULL,
            partition_key TEXT NOT NULL,
            data BLOB NOT NULL,
            arrival_ms INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS kinesis_records_by_shard ON kinesis_records (stream_id, shard_index, position);
        CREATE TABLE IF NOT EXISTS kinesis_keys (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL
        );
        """;
}
