using Platform.Emulators.State;

namespace Platform.Emulators.Storage.Engine;

/// <summary>What the storage trigger reads: the change journal and the buckets' notification
/// configurations, each with a signal that fires when it changes.</summary>
public interface IStorageChangeFeed
{
    /// <summary>Journal entries with <c>Sequence &gt; afterSequence</c>, oldest first.</summary>
    IReadOnlyList<StorageChange> ReadChanges(long afterSequence, int max);

    /// <summary>The sequence of the newest journal entry (0 when empty).</summary>
    long LatestSequence { get; }

    /// <summary>Fires after every commit that appended to the journal.</summary>
    ChangeSignal JournalChanged { get; }

    /// <summary>Every bucket that has a non-empty notification configuration.</summary>
    IReadOnlyList<BucketNotification> ListNotificationConfigurations();

    /// <summary>Fires after a notification configuration was put, or its bucket deleted.</summary>
    ChangeSignal NotificationsChanged { get; }

    /// <summary>Lets the journal drop entries every reader has passed.</summary>
    Task TrimJournalAsync(long upToSequence, CancellationToken cancellationToken);
}
