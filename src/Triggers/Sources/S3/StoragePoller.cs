using System.Diagnostics;
using Platform.Emulators.Storage.Engine;
using Platform.Triggers.Checkpoints;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.S3;

/// <summary>
/// Follows the storage change journal for one binding: every change of its bucket that its
/// configuration selects is handed to the binding's destination (a function's async queue, an SQS
/// queue, an SNS topic, the default event bus — <see cref="S3NotificationTargets"/>). The cursor moves —
/// and is stored — only after the batch's events are durable there, so a crash re-sends, never loses.
/// </summary>
public sealed class StoragePoller(
    StorageBinding binding,
    IStorageChangeFeed feed,
    S3NotificationTargets targets,
    CheckpointStore checkpoints,
    S3EventContext context,
    TriggerOptions options,
    TimeProvider time) : IPoller, IPendingWork
{
    private long _cursor = -1;
    private long _persisted = -1;
    private long _seenVersion = -1;
    private volatile bool _polling;

    public string Name => binding.Id;

    public StorageBinding Binding => binding;

    /// <summary>The stored cursor: every journal entry up to here has been handed on.</summary>
    public long Position => Interlocked.Read(ref _persisted);

    public bool IsInitialized => Position >= 0;

    /// <summary>Loads the cursor, or starts a new binding at the journal's head — changes made before
    /// the configuration existed do not fire — and stores that at once so a restart continues from
    /// it rather than from a later head.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // A new binding starts where its configuration became active, not where reading begins.
        var start = binding.Configuration.ActiveFromSequence ?? feed.LatestSequence;
        var position = await checkpoints.GetOrCreateAsync(binding.Id, start, cancellationToken).ConfigureAwait(false);
        _cursor = position;
        Interlocked.Exchange(ref _persisted, position);
    }

    public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
    {
        _polling = true;
        try
        {
            return await PollAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _polling = false;
        }
    }

    /// <summary>Caught up when no poll runs and the journal has not changed since the last one read it.</summary>
    public string? PendingWork() =>
        _polling || feed.JournalChanged.Version != Interlocked.Read(ref _seenVersion) ? $"{Name}: reading the change journal" : null;

    private async Task<PollResult> PollAsync(CancellationToken cancellationToken)
    {
        if (_cursor < 0)
            await InitializeAsync(cancellationToken).ConfigureAwait(false);

        // Remember the signal before reading: a commit after the read wakes the next wait.
        Interlocked.Exchange(ref _seenVersion, feed.JournalChanged.Version);
        var changes = feed.ReadChanges(_cursor, options.StorageBatchSize);
        if (changes.Count == 0)
            return PollResult.Idle;

        using var activity = TriggersTelemetry.Source.StartActivity("s3 journal " + binding.Id, ActivityKind.Consumer);
        var sends = new List<Task>();
        foreach (var change in changes)
        {
            if (!binding.Matches(change))
                continue;

            // The upload's trace continues here; the message or async event sent stores this span's context.
            using var span = TriggersTelemetry.StartEventSpan("s3 notification " + binding.Destination.Name, ActivityKind.Producer, change.TraceHeader);
            sends.Add(targets.DeliverAsync(binding, change, context, cancellationToken));
        }

        // Sent together so they share group commits; all must be durable before the cursor moves.
        await Task.WhenAll(sends).ConfigureAwait(false);
        _cursor = changes[^1].Sequence;
        // Not cancellable: once the events are on the queue, a stop (SIGTERM) must still store the
        // cursor, or the restart would enqueue the same events again.
        await checkpoints.SaveAsync(binding.Id, _cursor, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Exchange(ref _persisted, _cursor);
        activity?.SetTag("platform.changes", changes.Count);
        activity?.SetTag("platform.enqueued", sends.Count);
        return PollResult.DidWork;
    }

    public Task WaitForWorkAsync(CancellationToken cancellationToken) =>
        feed.JournalChanged.WaitAsync(_seenVersion, Timeout.InfiniteTimeSpan, time, cancellationToken);
}
