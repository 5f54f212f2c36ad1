using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;

namespace Platform.Tests.Triggers.Sources.S3;

/// <summary>An in-memory change journal and notification store with the real feed's signals.</summary>
internal sealed class FakeStorageChangeFeed(TimeProvider time) : IStorageChangeFeed
{
    private readonly List<StorageChange> _journal = [];
    private readonly Dictionary<string, NotificationConfiguration> _notifications = new(StringComparer.Ordinal);
    private long _latest;

    public ChangeSignal JournalChanged { get; } = new();
    public ChangeSignal NotificationsChanged { get; } = new();
    public long TrimmedTo { get; private set; }

    public long LatestSequence
    {
        get { lock (_journal) return _latest; }
    }

    public StorageChange Append(string bucket, string key, string eventName = "ObjectCreated:Put", long? size = 11, string? eTag = "9a0364b9e99bb480dd25e1f0284c8555")
    {
        StorageChange change;
        lock (_journal)
        {
            change = new StorageChange
            {
                Sequence = ++_latest,
                Bucket = bucket,
                Key = key,
                EventName = eventName,
                Size = eventName.StartsWith("ObjectCreated", StringComparison.Ordinal) ? size : null,
                ETag = eventName.StartsWith("ObjectCreated", StringComparison.Ordinal) ? eTag : null,
                EventTime = time.GetUtcNow(),
                SourceIpAddress = "127.0.0.1",
                RequestId = "REQ" + _latest.ToString("D13"),
            };
            _journal.Add(change);
        }

        JournalChanged.Notify();
        return change;
    }

    public IReadOnlyList<StorageChange> ReadChanges(long afterSequence, int max)
    {
        lock (_journal)
            return _journal.Where(c => c.Sequence > afterSequence).Take(max).ToArray();
    }

    public void PutNotification(string bucket, params LambdaFunctionConfiguration[] configurations)
    {
        lock (_notifications)
        {
            if (configurations.Length == 0)
                _notifications.Remove(bucket);
            else
                _notifications[bucket] = new NotificationConfiguration(configurations);
        }

        NotificationsChanged.Notify();
    }

    public IReadOnlyList<BucketNotification> ListNotificationConfigurations()
    {
        lock (_notifications)
            return _notifications.Select(n => new BucketNotification(n.Key, n.Value)).ToArray();
    }

    public Task TrimJournalAsync(long upToSequence, CancellationToken cancellationToken)
    {
        lock (_journal)
        {
            _journal.RemoveAll(c => c.Sequence <= upToSequence);
            TrimmedTo = Math.Max(TrimmedTo, upToSequence);
        }

        return Task.CompletedTask;
    }
}
