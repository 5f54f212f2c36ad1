using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Storage.Engine;

public sealed partial class StorageEngine
{
    /// <summary>CreateMultipartUpload: no journal entry — S3 notifies only at completion.</summary>
    public async Task<MultipartUploadInfo> CreateMultipartUploadAsync(string bucket, string key, ObjectMetadata metadata,
        CancellationToken cancellationToken)
    {
        ValidateKey(key);
        ValidateMetadata(metadata);
        var upload = new MultipartUploadInfo(NewUploadId(), bucket, key, DateTimeOffset.FromUnixTimeMilliseconds(NowMs()), metadata);
        await _database.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            connection.Execute("""
                INSERT INTO s3_uploads (upload_id, bucket, key, initiated_ms, metadata) VALUES ($id, $bucket, $key, $ms, $metadata)
                """, ("$id", upload.UploadId), ("$bucket", bucket), ("$key", key), ("$ms", upload.Initiated.ToUnixTimeMilliseconds()),
                ("$metadata", ToJson(metadata)));
        }, cancellationToken).ConfigureAwait(false);
        return upload;
    }

    public async Task<PartInfo> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream body, long? contentLength,
        byte[]? contentMd5, CancellationToken cancellationToken)
    {
        ValidatePartNumber(partNumber);
        if (contentLength > Options.MaxPartSize)
            throw StorageErrors.EntityTooLarge(contentLength.Value, Options.MaxPartSize);
        GetUpload(bucket, key, uploadId);

        using var incoming = await IncomingBody.ReceiveAsync(_directory, body, contentLength, Options.MaxPartSize, contentMd5, cancellationToken,
            syncToDisk: _database.SyncsToDisk).ConfigureAwait(false);
        var bodyId = incoming.Publish();
        var now = NowMs();
        var old = await _database.WriteAsync(connection =>
        {
            RequireUpload(connection, bucket, key, uploadId);
            var old = connection.Scalar("SELECT body_id FROM s3_parts WHERE upload_id = $id AND part_number = $n",
                ("$id", uploadId), ("$n", partNumber)) as string;
            connection.Execute("""
                INSERT INTO s3_parts (upload_id, part_number, body_id, size, etag, modified_ms) VALUES ($id, $n, $body, $size, $etag, $ms)
                ON CONFLICT (upload_id, part_number) DO UPDATE SET body_id = excluded.body_id, size = excluded.size, etag = excluded.etag,
                    modified_ms = excluded.modified_ms
                """, ("$id", uploadId), ("$n", partNumber), ("$body", bodyId), ("$size", incoming.Size), ("$etag", incoming.ETag), ("$ms", now));
            return old;
        }, cancellationToken).ConfigureAwait(false);
        incoming.Commit();
        if (old is not null)
            DeleteBodies([old]);
        return new PartInfo(partNumber, incoming.Size, incoming.ETag, DateTimeOffset.FromUnixTimeMilliseconds(now));
    }

    /// <summary>UploadPartCopy: a part made of (a range of) an existing object.</summary>
    public async Task<PartInfo> UploadPartCopyAsync(string bucket, string key, string uploadId, int partNumber, string sourceBucket,
        string sourceKey, string? rangeHeader, CancellationToken cancellationToken)
    {
        ValidatePartNumber(partNumber);
        GetUpload(bucket, key, uploadId);
        await using var content = OpenObject(sourceBucket, sourceKey);
        var range = rangeHeader is null ? new ByteRange(0, content.Info.Size) : ByteRange.ParseCopyRange(rangeHeader, content.Info.Size);
        content.Body.Seek(range.Start, SeekOrigin.Begin);
        await using var slice = new ReadLimitStream(content.Body, range.Length);
        return await UploadPartAsync(bucket, key, uploadId, partNumber, slice, range.Length, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>CompleteMultipartUpload with S3's checks; the parts are concatenated into one body and
    /// the object, its single ObjectCreated:CompleteMultipartUpload entry and the removal of the upload
    /// commit together.</summary>
    public async Task<ObjectInfo> CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<CompletedPart> parts,
        RequestOrigin origin, CancellationToken cancellationToken)
    {
        var upload = GetUpload(bucket, key, uploadId);
        if (parts.Count == 0)
            throw StorageErrors.MalformedXml();
        if (parts.Count > Options.MaxParts)
            throw StorageErrors.InvalidArgument($"Part count must not exceed {Options.MaxParts}.", "Parts", parts.Count.ToString());

        var stored = _database.Read(connection => ReadParts(connection, uploadId, 0, int.MaxValue))
            .ToDictionary(p => p.Part.PartNumber);
        var chosen = new List<(PartInfo Part, string BodyId)>();
        for (var i = 0; i < parts.Count; i++)
        {
            var requested = parts[i];
            if (i > 0 && requested.PartNumber <= parts[i - 1].PartNumber)
                throw StorageErrors.InvalidPartOrder();
            if (!stored.TryGetValue(requested.PartNumber, out var part)
                || !string.Equals(part.Part.ETag, requested.ETag.Trim().Trim('"'), StringComparison.OrdinalIgnoreCase))
                throw StorageErrors.InvalidPart(requested.PartNumber);
            chosen.Add(part);
        }

        for (var i = 0; i < chosen.Count - 1; i++)
        {
            if (chosen[i].Part.Size < Options.MinPartSize)
                throw StorageErrors.EntityTooSmall(chosen[i].Part.Size, Options.MinPartSize);
        }

        var (tempPath, size) = await ConcatenateAsync(chosen.Select(p => p.BodyId), cancellationToken).ConfigureAwait(false);
        using var incoming = IncomingBody.FromTempFile(_directory, tempPath, size, []);
        var etag = MultipartETag(chosen.Select(p => p.Part.ETag));
        return await CommitObjectAsync(bucket, key, incoming, etag, upload.Metadata, S3EventTypes.ObjectCreatedCompleteMultipartUpload, origin,
            cancellationToken, extra: connection =>
            {
                RequireUpload(connection, bucket, key, uploadId);
                return RemoveUpload(connection, uploadId);
            }).ConfigureAwait(false);
    }

    public async Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        var bodies = await _database.WriteAsync(connection =>
        {
            RequireUpload(connection, bucket, key, uploadId);
            return RemoveUpload(connection, uploadId);
        }, cancellationToken).ConfigureAwait(false);
        DeleteBodies(bodies);
    }

    public IReadOnlyList<PartInfo> ListParts(string bucket, string key, string uploadId, int afterPartNumber, int maxParts)
    {
        GetUpload(bucket, key, uploadId);
        return _database.Read(connection => ReadParts(connection, uploadId, afterPartNumber, maxParts)).Select(p => p.Part).ToList();
    }

    public MultipartUploadInfo GetUpload(string bucket, string key, string uploadId) =>
        _database.Read(connection =>
        {
            RequireBucket(connection, bucket);
            using var command = connection.Command("""
                SELECT upload_id, bucket, key, initiated_ms, metadata FROM s3_uploads WHERE upload_id = $id AND bucket = $bucket AND key = $key
                """, ("$id", uploadId), ("$bucket", bucket), ("$key", key));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadUpload(reader) : throw StorageErrors.NoSuchUpload(uploadId);
        });

    /// <summary>In-progress uploads of a bucket, ordered by key then initiation.</summary>
    public IReadOnlyList<MultipartUploadInfo> ListMultipartUploads(string bucket, string prefix, int maxUploads) =>
        _database.Read(connection =>
        {
            RequireBucket(connection, bucket);
            using var command = connection.Command("""
                SELECT upload_id, bucket, key, initiated_ms, metadata FROM s3_uploads
                WHERE bucket = $bucket AND substr(key, 1, length($prefix)) = $prefix ORDER BY key, initiated_ms LIMIT $max
                """, ("$bucket", bucket), ("$prefix", prefix), ("$max", maxUploads));
            using var reader = command.ExecuteReader();
            var uploads = new List<MultipartUploadInfo>();
            while (reader.Read())
                uploads.Add(ReadUpload(reader));
            return (IReadOnlyList<MultipartUploadInfo>)uploads;
        });

    /// <summary>S3's multipart ETag: MD5 of the concatenated binary part MD5s, then "-" and the count.</summary>
    public static string MultipartETag(IEnumerable<string> partETags)
    {
        var binary = partETags.Select(Convert.FromHexString).ToList();
        return Convert.ToHexStringLower(MD5.HashData(binary.SelectMany(b => b).ToArray())) + "-" + binary.Count;
    }

    private async Task<(string Path, long Size)> ConcatenateAsync(IEnumerable<string> bodyIds, CancellationToken cancellationToken)
    {
        var tempPath = _directory.NewTempFile();
        long size = 0;
        try
        {
            await using var target = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            foreach (var id in bodyIds)
            {
                await using var part = new FileStream(_directory.BodyPath(id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                    0, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await part.CopyToAsync(target, 1024 * 1024, cancellationToken).ConfigureAwait(false);
                size += part.Length;
            }

            if (_database.SyncsToDisk)
                target.Flush(flushToDisk: true);
        }
        catch
        {
            IncomingBody.TryDelete(tempPath);
            throw;
        }

        return (tempPath, size);
    }

    private static List<string> RemoveUpload(SqliteConnection connection, string uploadId)
    {
        var bodies = ReadStrings(connection, "SELECT body_id FROM s3_parts WHERE upload_id = $id", ("$id", uploadId));
        connection.Execute("DELETE FROM s3_parts WHERE upload_id = $id", ("$id", uploadId));
        connection.Execute("DELETE FROM s3_uploads WHERE upload_id = $id", ("$id", uploadId));
        return bodies;
    }

    private static void RequireUpload(SqliteConnection connection, string bucket, string key, string uploadId)
    {
        RequireBucket(connection, bucket);
        if (connection.Scalar("SELECT 1 FROM s3_uploads WHERE upload_id = $id AND bucket = $bucket AND key = $key",
                ("$id", uploadId), ("$bucket", bucket), ("$key", key)) is null)
            throw StorageErrors.NoSuchUpload(uploadId);
    }

    private static List<(PartInfo Part, string BodyId)> ReadParts(SqliteConnection connection, string uploadId, int after, int max)
    {
        using var command = connection.Command("""
            SELECT part_number, size, etag, modified_ms, body_id FROM s3_parts
            WHERE upload_id = $id AND part_number > $after ORDER BY part_number LIMIT $max
            """, ("$id", uploadId), ("$after", after), ("$max", max));
        using var reader = command.ExecuteReader();
        var parts = new List<(PartInfo, string)>();
        while (reader.Read())
            parts.Add((new PartInfo(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))), reader.GetString(4)));
        return parts;
    }

    private static MultipartUploadInfo ReadUpload(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            FromJson<ObjectMetadata>(reader.GetString(4)));

    private void ValidatePartNumber(int partNumber)
    {
        if (partNumber < 1 || partNumber > Options.MaxParts)
            throw StorageErrors.InvalidArgument($"Part number must be an integer between 1 and {Options.MaxParts}, inclusive", "partNumber",
                partNumber.ToString());
    }

    /// <summary>URL-safe base64, never starting with '-': a command line would read such an id as an
    /// option (the aws CLI refuses <c>--upload-id -abc…</c>), one id in 64.</summary>
    private static string NewUploadId()
    {
        while (true)
        {
            var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_');
            if (id[0] != '-')
                return id;
        }
    }
}
