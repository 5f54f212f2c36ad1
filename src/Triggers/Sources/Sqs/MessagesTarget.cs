using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Failures;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>Messages of an SQS batch as the failure executor settles them: acknowledging deletes
/// them in one write; retrying later leaves them on the queue, where they reappear after its
/// visibility timeout (and the queue's RedrivePolicy moves them on once maxReceiveCount is passed).</summary>
internal sealed class MessagesTarget(IQueuePort queues, string queue, IReadOnlyList<SqsRecord> records) : IFailureTarget
{
    public IReadOnlyList<SqsRecord> Records => records;

    /// <summary>Handles made stale by a later receive while the batch ran (those messages run again).</summary>
    public int Stale { get; private set; }

    public async Task AcknowledgeAsync(CancellationToken cancellationToken) =>
        Stale = await queues.DeleteMessagesAsync(queue, [.. records.Select(r => r.ReceiptHandle)], cancellationToken).ConfigureAwait(false);

    public Task RetryAfterAsync(TimeSpan? delay, CancellationToken cancellationToken) =>
        // Only the queue's own visibility timeout: Lambda never changes a mapping's message visibility.
        delay is null ? Task.CompletedTask : throw new NotSupportedException("SQS messages come back after the queue's visibility timeout.");
}
