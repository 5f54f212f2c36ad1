using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Storage.Engine;

public sealed partial class StorageEngine
{
    public async Task<BucketInfo> CreateBucketAsync(string name, string? region, CancellationToken cancellationToken)
    {
        BucketNameRules.Validate(name);
        var bucket = new BucketInfo(name, DateTimeOffset.FromUnixTimeMilliseconds(NowMs()), region ?? Options.Region);
        var created = await _database.WriteAsync(connection => connection.Execute(
            "INSERT INTO s3_buckets (name, created_ms, region) VALUES ($name, $ms, $region) ON CONFLICT (name) DO NOTHING",
            ("$name", name), ("$ms", bucket.CreationDate.ToUnixTimeMilliseconds()), ("$region", bucket.Region)) == 1,
            cancellationToken).ConfigureAwait(false);
        if (!created)
            throw StorageErrors.BucketAlreadyOwnedByYou(name);
        return bucket;
    }

    /// <summary>Creates the bucket unless it exists (platform.yaml-declared buckets).</summary>
    public async Task EnsureBucketAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await CreateBucketAsync(name, null, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e) when (e.Code == "BucketAlreadyOwnedByYou")
        {
        }
    }

    /// <summary>Deletes an empty bucket; in-progress multipart uploads are aborted with it.</summary>
    public async Task DeleteBucketAsync(string name, CancellationToken cancellationToken)
    {
        var (hadNotification, partBodies) = await _database.WriteAsync(connection =>
        {
            var notification = connection.Scalar("SELECT coalesce(notification, '') FROM s3_buckets WHERE name = $name", ("$name", name));
            if (notification is null)
                throw StorageErrors.NoSuchBucket(name);
            if (connection.Scalar("SELECT 1 FROM s3_objects WHERE bucket = $name LIMIT 1", ("$name", name)) is not null)
                throw StorageErrors.BucketNotEmpty(name);
            var bodies = ReadStrings(connection, """
                SELECT p.body_id FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.bucket = $name
                """, ("$name", name));
            connection.Execute("DELETE FROM s3_parts WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket = $name)", ("$name", name));
            connection.Execute("DELETE FROM s3_uploads WHERE bucket = $name", ("$name", name));
            connection.Execute("DELETE FROM s3_bucket_cors WHERE bucket = $name", ("$name", name));
            connection.Execute("DELETE FROM s3_buckets WHERE name = $name", ("$name", name));
            return ((string)notification != "", bodies);
        }, cancellationToken).ConfigureAwait(false);
        DeleteBodies(partBodies);
        if (hadNotification)
            NotificationsChanged.Notify();
    }

    public BucketInfo? FindBucket(string name) =>
        _database.Read(connection =>
        {
            var command = connection.Cached("SELECT name, created_ms, region FROM s3_buckets WHERE name = $name", ("$name", name));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadBucket(reader) : null;
        });

    public BucketInfo GetBucket(string name) => FindBucket(name) ?? throw StorageErrors.NoSuchBucket(name);

    public IReadOnlyList<BucketInfo> ListBuckets() =>
        _database.Read(connection =>
        {
            using var command = connection.Command("SELECT name, created_ms, region FROM s3_buckets ORDER BY name");
            using var reader = command.ExecuteReader();
            var buckets = new List<BucketInfo>();
            while (reader.Read())
                buckets.Add(ReadBucket(reader));
            return (IReadOnlyList<BucketInfo>)buckets;
        });

    private static BucketInfo ReadBucket(SqliteDataReader reader) =>
        new(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2));

    private static void RequireBucket(SqliteConnection connection, string bucket)
    {
        if (connection.Scalar("SELECT 1 FROM s3_buckets WHERE name = $name", ("$name", bucket)) is null)
            throw StorageErrors.NoSuchBucket(bucket);
    }

    private static List<string> ReadStrings(SqliteConnection connection, string sql, params (string, object?)[] parameters)
    {
        using var command = connection.Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
            values.Add(reader.GetString(0));
        return values;
    }
}
