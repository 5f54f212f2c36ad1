namespace Platform.Emulators.Tables.Engine;

/// <summary>The table engine's SQLite tables.
/// <para>Items are keyed by byte strings whose order is DynamoDB's key order (<see cref="KeyCodec"/>),
/// so Query is an index range scan. Secondary indexes are rows of <c>ddb_index_items</c> maintained
/// in the same write as the item. Stream records are rows of <c>ddb_stream_records</c> written in the
/// same write unit as the item change, so a change is never committed without its record; their
/// AUTOINCREMENT position is the sequence number. Streams outlive their table for the 24-hour
/// retention, so they do not cascade.</para></summary>
internal static class TableSchema
{
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS ddb_tables (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            definition TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            ttl_attribute TEXT NULL,
            tags TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ddb_items (
            table_id INTEGER NOT NULL REFERENCES ddb_tables (id) ON DELETE CASCADE,
            hk BLOB NOT NULL,
            rk BLOB NOT NULL,
            seg INTEGER NOT NULL,
            size INTEGER NOT NULL,
            ttl INTEGER NULL,
            item BLOB NOT NULL,
            PRIMARY KEY (table_id, hk, rk)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ddb_items_by_ttl ON ddb_items (table_id, ttl) WHERE ttl IS NOT NULL;
        CREATE TABLE IF NOT EXISTS ddb_index_items (
            table_id INTEGER NOT NULL REFERENCES ddb_tables (id) ON DELETE CASCADE,
            index_name TEXT NOT NULL,
            ihk BLOB NOT NULL,
            irk BLOB NOT NULL,
            hk BLOB NOT NULL,
            rk BLOB NOT NULL,
            PRIMARY KEY (table_id, index_name, ihk, irk, hk, rk)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS ddb_streams (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            table_name TEXT NOT NULL,
            table_id INTEGER NULL,
            label TEXT NOT NULL,
            view_type TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            disabled_ms INTEGER NULL
        );
        CREATE TABLE IF NOT EXISTS ddb_stream_records (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            stream_id INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            event_name TEXT NOT NULL,
            keys BLOB NOT NULL,
            new_image BLOB NULL,
            old_image BLOB NULL,
            size INTEGER NOT NULL,
            by_service INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ddb_stream_records_by_stream ON ddb_stream_records (stream_id, position);
        """;
}
