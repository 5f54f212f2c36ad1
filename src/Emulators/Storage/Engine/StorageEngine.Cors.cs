namespace Platform.Emulators.Storage.Engine;

public sealed partial class StorageEngine
{
    /// <summary>The bucket's CORS rules; null when it has none (NoSuchCORSConfiguration).</summary>
    public IReadOnlyList<CorsRule>? GetBucketCors(string bucket) =>
        _database.Read(connection =>
        {
            RequireBucket(connection, bucket);
            return connection.Scalar("SELECT rules FROM s3_bucket_cors WHERE bucket = $bucket", ("$bucket", bucket)) is string json
                ? FromJson<List<CorsRule>>(json)
                : null;
        });

    /// <summary>The rules of a bucket that may not exist (a browser's request names any bucket): null when there are none.</summary>
    public IReadOnlyList<CorsRule>? FindBucketCors(string bucket) =>
        _database.Read(connection =>
            connection.Scalar("SELECT rules FROM s3_bucket_cors WHERE bucket = $bucket", ("$bucket", bucket)) is string json
                ? FromJson<List<CorsRule>>(json)
                : null);

    public Task PutBucketCorsAsync(string bucket, IReadOnlyList<CorsRule> rules, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            connection.Execute("INSERT INTO s3_bucket_cors (bucket, rules) VALUES ($bucket, $rules) ON CONFLICT (bucket) DO UPDATE SET rules = excluded.rules",
                ("$bucket", bucket), ("$rules", ToJson(rules.ToList())));
        }, cancellationToken);

    public Task DeleteBucketCorsAsync(string bucket, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            connection.Execute("DELETE FROM s3_bucket_cors WHERE bucket = $bucket", ("$bucket", bucket));
        }, cancellationToken);
}
