using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Storage.Engine;

public sealed partial class StorageEngine
{
    public NotificationConfiguration GetNotificationConfiguration(string bucket) =>
        _database.Read(connection => ReadNotification(connection, bucket));

    /// <summary>PutBucketNotificationConfiguration: validates, fills in Ids and replaces the whole
    /// configuration, as S3 does; then sends <c>s3:TestEvent</c> to each queue and topic that was not a
    /// destination before. Returns what was stored.</summary>
    public async Task<NotificationConfiguration> PutNotificationConfigurationAsync(string bucket, NotificationConfiguration configuration,
        CancellationToken cancellationToken, RequestOrigin? origin = null)
    {
        var validated = NotificationValidator.Validate(configuration, _functions, _destinations);
        var added = await _database.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            var before = ReadNotification(connection, bucket);
            WriteNotification(connection, bucket, validated);
            return NewDestinations(before, validated);
        }, cancellationToken).ConfigureAwait(false);
        NotificationsChanged.Notify();
        await SendTestEventsAsync(bucket, added, origin ?? RequestOrigin.Internal, cancellationToken).ConfigureAwait(false);
        return validated;
    }

    /// <summary>Merges platform.yaml's declared configurations into a bucket's: those whose Id starts
    /// with <paramref name="idPrefix"/> are replaced by <paramref name="declared"/>, the rest (set
    /// through the API) are kept. The merged whole is validated like a PUT.</summary>
    public Task<NotificationConfiguration> ApplyDeclaredNotificationsAsync(string bucket, IReadOnlyList<LambdaFunctionConfiguration> declared,
        string idPrefix, CancellationToken cancellationToken) =>
        ApplyDeclaredNotificationsAsync(bucket, new NotificationConfiguration(declared), idPrefix, cancellationToken);

    /// <summary>As above for every kind of entry. A declared EventBridgeConfiguration is set; an
    /// undeclared one leaves the bucket's as it is (the API may have set it).</summary>
    public async Task<NotificationConfiguration> ApplyDeclaredNotificationsAsync(string bucket, NotificationConfiguration declared,
        string idPrefix, CancellationToken cancellationToken)
    {
        if (declared.Entries.Any(c => !c.Id.StartsWith(idPrefix, StringComparison.Ordinal)))
            throw StorageErrors.InvalidArgument($"Declared configuration Ids must start with '{idPrefix}'.", "Id");
        NotificationValidator.Validate(declared, _functions, _destinations);

        var (merged, added) = await _database.WriteAsync(connection =>
        {
            RequireBucket(connection, bucket);
            var current = ReadNotification(connection, bucket);
            bool Kept(NotificationEntry c) => !c.Id.StartsWith(idPrefix, StringComparison.Ordinal);
            var result = NotificationValidator.Validate(
                new NotificationConfiguration([.. current.LambdaFunctionConfigurations.Where(Kept), .. declared.LambdaFunctionConfigurations])
                {
                    QueueConfigurations = [.. current.QueueConfigurations.Where(Kept), .. declared.QueueConfigurations],
                    TopicConfigurations = [.. current.TopicConfigurations.Where(Kept), .. declared.TopicConfigurations],
                    EventBridge = declared.EventBridge ?? current.EventBridge,
                }, _functions, _destinations);
            WriteNotification(connection, bucket, result);
            return (result, NewDestinations(current, result));
        }, cancellationToken).ConfigureAwait(false);
        NotificationsChanged.Notify();
        await SendTestEventsAsync(bucket, added, RequestOrigin.Internal, cancellationToken).ConfigureAwait(false);
        return merged;
    }

    /// <summary>Queue and topic destinations of <paramref name="after"/> that <paramref name="before"/>
    /// did not have: S3 tests those, not functions and not destinations it already delivers to.</summary>
    private static List<NotificationEntry> NewDestinations(NotificationConfiguration before, NotificationConfiguration after)
    {
        var known = before.Entries.Select(e => e.DestinationArn).ToHashSet(StringComparer.Ordinal);
        return after.QueueConfigurations.Concat<NotificationEntry>(after.TopicConfigurations)
            .Where(e => known.Add(e.DestinationArn))
            .ToList();
    }

    private async Task SendTestEventsAsync(string bucket, List<NotificationEntry> destinations, RequestOrigin origin,
        CancellationToken cancellationToken)
    {
        if (_destinations is null || destinations.Count == 0)
            return;
        var message = S3TestEvent.Build(bucket, _time.GetUtcNow(), origin.RequestId);
        foreach (var destination in destinations)
            await _destinations.SendTestEventAsync(destination, message, cancellationToken).ConfigureAwait(false);
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
                if (!configuration.IsEmpty)
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
        var current = ReadNotification(connection, bucket);
        var previous = current.Entries
            .Where(c => c.ActiveFromSequence is not null)
            .ToDictionary(c => c.Id, c => c.ActiveFromSequence!.Value, StringComparer.Ordinal);
        var journalEnd = Convert.ToInt64(connection.Scalar("SELECT seq FROM sqlite_sequence WHERE name = 's3_journal'") ?? 0L);
        T Stamp<T>(T c) where T : NotificationEntry =>
            (T)((NotificationEntry)c with { ActiveFromSequence = previous.TryGetValue(c.Id, out var from) ? from : journalEnd });
        var stamped = new NotificationConfiguration([.. configuration.LambdaFunctionConfigurations.Select(Stamp)])
        {
            QueueConfigurations = [.. configuration.QueueConfigurations.Select(Stamp)],
            TopicConfigurations = [.. configuration.TopicConfigurations.Select(Stamp)],
            EventBridge = configuration.EventBridge is null ? null
                : new EventBridgeConfiguration { ActiveFromSequence = current.EventBridge?.ActiveFromSequence ?? journalEnd },
        };
        connection.Execute("UPDATE s3_buckets SET notification = $json WHERE name = $name",
            ("$json", stamped.IsEmpty ? null : ToJson(stamped)), ("$name", bucket));
    }
}
