namespace Platform.Emulators.Storage.Engine;

/// <summary>The storage engine's tables in the shared database. Keys are TEXT with the BINARY
/// collation, which compares UTF-8 bytes: exactly S3's listing order.</summary>
internal static class StorageSchema
{
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS s3_buckets (
            name TEXT PRIMARY KEY,
            created_ms INTEGER NOT NULL,
            region TEXT NOT NULL,
            notification TEXT NULL
        );
        CREATE TABLE IF NOT EXISTS s3_bucket_cors (
            bucket TEXT PRIMARY KEY,
            rules TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS s3_objects (
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            body_id TEXT NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            modified_ms INTEGER NOT NULL,
            metadata TEXT NOT NULL,
            PRIMARY KEY (bucket, key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS s3_uploads (
            upload_id TEXT PRIMARY KEY,
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            initiated_ms INTEGER NOT NULL,
            metadata TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS s3_uploads_by_key ON s3_uploads (bucket, key, initiated_ms);
        CREATE TABLE IF NOT EXISTS s3_parts (
            upload_id TEXT NOT NULL,
            part_number INTEGER NOT NULL,
            body_id TEXT NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            modified_ms INTEGER NOT NULL,
            PRIMARY KEY (upload_id, part_number)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS s3_inline_bodies (
            body_id TEXT PRIMARY KEY,
            data BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS s3_journal (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            event_name TEXT NOT NULL,
            size INTEGER NULL,
            etag TEXT NULL,
            version_id TEXT NULL,
            event_ms INTEGER NOT NULL,
            source_ip TEXT NOT NULL,
            request_id TEXT NOT NULL
        );
        """;
}
