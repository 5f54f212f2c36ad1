using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Storage.Engine;

public sealed partial class StorageEngine
{
    public NotificationConfiguration GetNotificationConfiguration(string bucket) =>
        _database.Read(connection => ReadNotification(connection, bucket));

    /// <summary>PutBucketNotificationConfiguration: validates, fills in Ids and replaces the whole
    /// configuration, as S3 does. Returns what was stored.</summary>
    public async Task<NotificationConfiguration> PutNotificationConfigurationAsync(string bucket, NotificationConfiguration configuration,
        CancellationToken cancellationToken)
    {
        var validated = NotificationValidator.Validate(configuration, _functions);
        await _database.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            WriteNotification(connection, bucket, validated);
        }, cancellationToken).ConfigureAwait(false);
        NotificationsChanged.Notify();
        return validated;
    }

    /// <summary>Merges platform.yaml's declared configurations into a bucket's: those whose Id starts
    /// with <paramref name="idPrefix"/> are replaced by <paramref name="declared"/>, the rest (set
    /// through the API) are kept. The merged whole is validated like a PUT.</summary>
    public async Task<NotificationConfiguration> ApplyDeclaredNotificationsAsync(string bucket, IReadOnlyList<LambdaFunctionConfiguration> declared,
        string idPrefix, CancellationToken cancellationToken)
    {
        if (declared.Any(c => !c.Id.StartsWith(idPrefix, StringComparison.Ordinal)))
            throw StorageErrors.InvalidArgument($"Declared configuration Ids must start with '{idPrefix}'.", "Id");
        NotificationValidator.Validate(new NotificationConfiguration(declared), _functions);

        var merged = await _database.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            var current = ReadNotification(connection, bucket);
            var kept = current.LambdaFunctionConfigurations.Where(c => !c.Id.StartsWith(idPrefix, StringComparison.Ordinal));
            var result = NotificationValidator.Validate(new NotificationConfiguration([.. kept, .. declared]), _functions);
            WriteNotification(connection, bucket, result);
            return result;
        }, cancellationToken).ConfigureAwait(false);
        NotificationsChanged.Notify();
        return merged;
    }

    public IReadOnlyList<BucketNotification> ListNotificationConfigurations() =>
        _database.Read(connection =>
        {
            using var command = connection.Command("SELECT name, notification FROM s3_buckets WHERE notification IS NOT NULL ORDER BY name");
            using var reader = command.ExecuteReader();
            var result = new List<BucketNotification>();
            while (reader.Read())
            {
                var configuration = FromJson<NotificationConfiguration>(reader.GetString(1));
                if (configuration.LambdaFunctionConfigurations.Count > 0)
                    result.Add(new BucketNotification(reader.GetString(0), configuration));
            }

            return (IReadOnlyList<BucketNotification>)result;
        });

    private static NotificationConfiguration ReadNotification(SqliteConnection connection, string bucket)
    {
        using var command = connection.Command("SELECT notification FROM s3_buckets WHERE name = $name", ("$name", bucket));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            throw StorageErrors.NoSuchBucket(bucket);
        return reader.IsDBNull(0) ? NotificationConfiguration.Empty : FromJson<NotificationConfiguration>(reader.GetString(0));
    }

    private static void WriteNotification(SqliteConnection connection, string bucket, NotificationConfiguration configuration)
    {
        // Entries keep the position they were first stored at; new ones start at the journal's
        // current end, read inside this commit so no change can slip between the two.
        var previous = ReadNotification(connection, bucket).LambdaFunctionConfigurations
            .Where(c => c.ActiveFromSequence is not null)
            .ToDictionary(c => c.Id, c => c.ActiveFromSequence!.Value, StringComparer.Ordinal);
        var journalEnd = Convert.ToInt64(connection.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 's3_journal'") ?? 0L);
        var stamped = new NotificationConfiguration(configuration.LambdaFunctionConfigurations
            .Select(c => c with { ActiveFromSequence = previous.TryGetValue(c.Id, out var from) ? from : journalEnd })
            .ToList());
        connection.Execute("UPDATE s3_buckets SET notification = $json WHERE name = $name",
            ("$json", stamped.LambdaFunctionConfigurations.Count == 0 ? null : ToJson(stamped)), ("$name", bucket));
    }
}
