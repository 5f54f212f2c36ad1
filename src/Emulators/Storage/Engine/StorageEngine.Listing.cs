using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Storage.Engine;

public sealed partial class StorageEngine
{
    private const int ListBatch = 1000;

    /// <summary>One page of keys in UTF-8 byte order. With a delimiter, keys sharing the part of the key
    /// up to the first delimiter after the prefix are rolled up into one common prefix, which counts
    /// once against <see cref="ListObjectsQuery.MaxKeys"/>.</summary>
    public ObjectListing ListObjects(ListObjectsQuery query) =>
        _database.Read(connection =>
        {
            RequireBucket(connection, query.Bucket);
            var objects = new List<ObjectInfo>();
            var prefixes = new List<string>();
            var delimiter = string.IsNullOrEmpty(query.Delimiter) ? null : query.Delimiter;
            var after = query.After;
            // Rows at or past this bound come next. Starting below the prefix skips straight to it.
            object lower = query.Prefix;
            var inclusive = true;
            if (after is not null && Utf8Order.Compare(after, query.Prefix) >= 0)
            {
                lower = after;
                inclusive = false;
            }

            string? last = null;
            if (query.MaxKeys <= 0)
                return new ObjectListing(objects, prefixes, false, null);

            while (true)
            {
                var restart = false;
                var rows = 0;
                foreach (var info in Scan(connection, query.Bucket, lower, inclusive))
                {
                    rows++;
                    if (!info.Key.StartsWith(query.Prefix, StringComparison.Ordinal))
                        return new ObjectListing(objects, prefixes, false, null);
                    var index = delimiter is null ? -1 : info.Key.IndexOf(delimiter, query.Prefix.Length, StringComparison.Ordinal);
                    if (index >= 0)
                    {
                        var common = info.Key[..(index + delimiter!.Length)];
                        if (after is null || Utf8Order.Compare(common, after) > 0)
                        {
                            if (objects.Count + prefixes.Count == query.MaxKeys)
                                return new ObjectListing(objects, prefixes, true, last);
                            prefixes.Add(common);
                            last = common;
                        }

                        // Seek past every key under this common prefix.
                        lower = Utf8Order.UpperBound(common);
                        inclusive = true;
                        restart = true;
                        break;
                    }

                    if (objects.Count + prefixes.Count == query.MaxKeys)
                        return new ObjectListing(objects, prefixes, true, last);
                    objects.Add(info);
                    last = info.Key;
                    lower = info.Key;
                    inclusive = false;
                }

                if (!restart && rows < ListBatch)
                    return new ObjectListing(objects, prefixes, false, null);
            }
        });

    /// <summary>Rows from <paramref name="lower"/> on; a byte[] bound is compared as raw UTF-8 text.
    /// A listing shows no object metadata (S3's does not either), so it is not read or parsed: that
    /// JSON parse per key was most of a page's cost.</summary>
    private static List<ObjectInfo> Scan(SqliteConnection connection, string bucket, object lower, bool inclusive)
    {
        var bound = lower is byte[] ? "CAST($lower AS TEXT)" : "$lower";
        var command = connection.Cached($"""
            SELECT bucket, key, size, etag, modified_ms FROM s3_objects
            WHERE bucket = $bucket AND key {(inclusive ? ">=" : ">")} {bound} ORDER BY key LIMIT {ListBatch}
            """, ("$bucket", bucket), ("$lower", lower));
        using var reader = command.ExecuteReader();
        var rows = new List<ObjectInfo>();
        while (reader.Read())
        {
            rows.Add(new ObjectInfo(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), ObjectMetadata.Empty));
        }

        return rows;
    }
}
