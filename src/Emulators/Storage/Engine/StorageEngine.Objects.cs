using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Storage.Engine;

public sealed partial class StorageEngine
{
    private const string ObjectColumns = "bucket, key, size, etag, modified_ms, metadata";

    public async Task<ObjectInfo> PutObjectAsync(PutObjectRequest request, Stream body, RequestOrigin origin, CancellationToken cancellationToken)
    {
        ValidateKey(request.Key);
        ValidateMetadata(request.Metadata);
        if (request.ContentLength > Options.MaxObjectSize)
            throw StorageErrors.EntityTooLarge(request.ContentLength.Value, Options.MaxObjectSize);
        GetBucket(request.Bucket);

        using var incoming = await IncomingBody.ReceiveAsync(_directory, body, request.ContentLength, Options.MaxObjectSize,
            request.ContentMd5, cancellationToken, Options.MaxInlineBodySize, _database.SyncsToDisk).ConfigureAwait(false);
        return await CommitObjectAsync(request.Bucket, request.Key, incoming, incoming.ETag, request.Metadata, request.EventName, origin,
            cancellationToken, extra: null).ConfigureAwait(false);
    }

    /// <summary>Publishes the body and commits the object row and its journal entry in one write;
    /// <paramref name="extra"/> runs in the same write and returns body ids to delete afterwards.</summary>
    private async Task<ObjectInfo> CommitObjectAsync(string bucket, string key, IncomingBody incoming, string etag, ObjectMetadata metadata,
        string eventName, RequestOrigin origin, CancellationToken cancellationToken, Func<SqliteConnection, List<string>>? extra)
    {
        var bodyId = incoming.Publish();
        var now = NowMs();
        var metadataJson = ToJson(metadata);
        var (sequence, obsolete) = await _database.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            var obsolete = extra?.Invoke(connection) ?? [];
            if (connection.Scalar("SELECT body_id FROM s3_objects WHERE bucket = $bucket AND key = $key", ("$bucket", bucket), ("$key", key))
                is string old)
                obsolete.Add(old);
            if (incoming.Inline is { } data)
                connection.Execute("INSERT INTO s3_inline_bodies (body_id, data) VALUES ($body, $data)", ("$body", bodyId), ("$data", data));
            connection.Execute("""
                INSERT INTO s3_objects (bucket, key, body_id, size, etag, modified_ms, metadata)
                VALUES ($bucket, $key, $body, $size, $etag, $ms, $metadata)
                ON CONFLICT (bucket, key) DO UPDATE SET body_id = excluded.body_id, size = excluded.size, etag = excluded.etag,
                    modified_ms = excluded.modified_ms, metadata = excluded.metadata
                """, ("$bucket", bucket), ("$key", key), ("$body", bodyId), ("$size", incoming.Size), ("$etag", etag), ("$ms", now),
                ("$metadata", metadataJson));
            return (AppendJournal(connection, bucket, key, eventName, incoming.Size, etag, now, origin), DropInlineBodies(connection, obsolete));
        }, cancellationToken).ConfigureAwait(false);
        incoming.Commit();
        Published(sequence);
        DeleteBodies(obsolete);
        return new ObjectInfo(bucket, key, incoming.Size, etag, DateTimeOffset.FromUnixTimeMilliseconds(now), metadata);
    }

    public ObjectInfo HeadObject(string bucket, string key) =>
        FindObject(bucket, key, withInlineBody: false)?.Info ?? throw MissingObject(bucket, key);

    /// <summary>Opens an object for reading (GET). The returned handle must be disposed.</summary>
    public ObjectContent OpenObject(string bucket, string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            var found = FindObject(bucket, key, withInlineBody: true) ?? throw MissingObject(bucket, key);
            if (found.Inline is { } data)
                return new ObjectContent(found.Info, new MemoryStream(data, writable: false));
            try
            {
                var stream = new FileStream(_directory.BodyPath(found.BodyId), new FileStreamOptions
                {
                    Mode = FileMode.Open,
                    Access = FileAccess.Read,
                    Share = FileShare.ReadWrite | FileShare.Delete,
                    Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                    BufferSize = 0,
                });
                return new ObjectContent(found.Info, stream);
            }
            catch (FileNotFoundException) when (attempt < 3)
            {
                // Replaced between the read and the open: the new row names the new body.
            }
        }
    }

    public async Task DeleteObjectAsync(string bucket, string key, RequestOrigin origin, CancellationToken cancellationToken) =>
        await DeleteObjectsAsync(bucket, [key], origin, cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes keys in one commit. Absent keys count as deleted (S3 answers Deleted for them)
    /// but journal nothing.</summary>
    public async Task<IReadOnlyList<string>> DeleteObjectsAsync(string bucket, IReadOnlyList<string> keys, RequestOrigin origin,
        CancellationToken cancellationToken)
    {
        var now = NowMs();
        var (last, bodies) = await _database.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            long last = 0;
            var bodies = new List<string>();
            foreach (var key in keys)
            {
                using var command = connection.Command("DELETE FROM s3_objects WHERE bucket = $bucket AND key = $key RETURNING body_id",
                    ("$bucket", bucket), ("$key", key));
                if (command.ExecuteScalar() is string body)
                {
                    bodies.Add(body);
                    last = AppendJournal(connection, bucket, key, S3EventTypes.ObjectRemovedDelete, null, null, now, origin);
                }
            }

            return (last, DropInlineBodies(connection, bodies));
        }, cancellationToken).ConfigureAwait(false);
        if (last > 0)
            Published(last);
        DeleteBodies(bodies);
        return keys;
    }

    /// <summary>CopyObject. <paramref name="replaceMetadata"/> null means the COPY directive.</summary>
    public async Task<ObjectInfo> CopyObjectAsync(string sourceBucket, string sourceKey, string bucket, string key, ObjectMetadata? replaceMetadata,
        RequestOrigin origin, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        if (replaceMetadata is not null)
            ValidateMetadata(replaceMetadata);
        GetBucket(bucket);
        if (replaceMetadata is null && sourceBucket == bucket && sourceKey == key)
            throw StorageErrors.InvalidRequest(
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");

        IncomingBody incoming;
        ObjectInfo source;
        await using (var content = OpenObject(sourceBucket, sourceKey))
        {
            source = content.Info;
            incoming = await IncomingBody.ReceiveAsync(_directory, content.Body, source.Size, long.MaxValue, null, cancellationToken,
                Options.MaxInlineBodySize, _database.SyncsToDisk).ConfigureAwait(false);
        }

        using (incoming)
        {
            // A copy of a multipart object keeps its ETag: the bytes are the same.
            return await CommitObjectAsync(bucket, key, incoming, source.ETag, replaceMetadata ?? source.Metadata, S3EventTypes.ObjectCreatedCopy,
                origin, cancellationToken, extra: null).ConfigureAwait(false);
        }
    }

    private StorageException MissingObject(string bucket, string key) =>
        FindBucket(bucket) is null ? StorageErrors.NoSuchBucket(bucket) : StorageErrors.NoSuchKey(key);

    /// <summary>The object's row, and with <paramref name="withInlineBody"/> its inline body (null for a
    /// file body) read in the same snapshot as the row.</summary>
    private (ObjectInfo Info, string BodyId, byte[]? Inline)? FindObject(string bucket, string key, bool withInlineBody) =>
        _database.Read<(ObjectInfo, string, byte[]?)?>(connection =>
        {
            var command = connection.Cached(withInlineBody
                    ? """
                      SELECT o.bucket, o.key, o.size, o.etag, o.modified_ms, o.metadata, o.body_id, b.data
                      FROM s3_objects o LEFT JOIN s3_inline_bodies b ON b.body_id = o.body_id
                      WHERE o.bucket = $bucket AND o.key = $key
                      """
                    : $"SELECT {ObjectColumns}, body_id FROM s3_objects WHERE bucket = $bucket AND key = $key",
                ("$bucket", bucket), ("$key", key));
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                return null;
            var inline = withInlineBody && !reader.IsDBNull(7) ? (byte[])reader.GetValue(7) : null;
            return (ReadObject(reader), reader.GetString(6), inline);
        });

    private static ObjectInfo ReadObject(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), FromJson<ObjectMetadata>(reader.GetString(5)));
}
