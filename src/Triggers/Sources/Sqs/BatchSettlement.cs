using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Failures;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>Settles an invoked SQS batch by its <see cref="BatchVerdict"/>: the messages that
/// succeeded are deleted in one write; the failed ones get <see cref="SqsFailurePolicy"/>'s outcome
/// through the failure executor (they stay on the queue).</summary>
internal static class BatchSettlement
{
    /// <returns>How many receipt handles were stale (received again while the batch ran).</returns>
    public static async Task<int> SettleAsync(FailureExecutor failures, IQueuePort queues, string queue, IReadOnlyList<SqsRecord> records,
        BatchVerdict verdict, CancellationToken cancellationToken)
    {
        var succeeded = new MessagesTarget(queues, queue, [.. records.Where(r => !verdict.Failed.Contains(r.MessageId))]);
        await succeeded.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
        if (!verdict.AllSucceeded)
        {
            var failed = new MessagesTarget(queues, queue, [.. records.Where(r => verdict.Failed.Contains(r.MessageId))]);
            await failures.ApplyAsync(SqsFailurePolicy.ForFailed(), failed, cancellationToken).ConfigureAwait(false);
        }

        return succeeded.Stale;
    }
}
