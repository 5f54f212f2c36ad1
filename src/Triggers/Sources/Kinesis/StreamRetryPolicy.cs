using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Failures;
using Platform.Triggers.Pollers;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Lambda's stream error handling (services-kinesis-errors) as pure functions: a failed batch
/// blocks its shard and is retried at once until it succeeds, MaximumRetryAttempts is spent or its
/// records are older than MaximumRecordAgeInSeconds; BisectBatchOnFunctionError splits a failing
/// batch in two without spending a retry; a partial failure (ReportBatchItemFailures) retries the
/// rest of the batch from the lowest failed record, spending a retry, without bisecting.
/// </summary>
public static class StreamRetryPolicy
{
    /// <summary>Retries that follow each other at once; after that they are spaced out
    /// (<see cref="RetryDelay"/>), so a function that fails instantly forever does not spin.</summary>
    public const int ImmediateRetries = 5;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    /// <param name="retriesSpent">Retries already made of these records.</param>
    /// <param name="functionError">The function failed (not a partial failure or an invalid report).</param>
    public static FailureOutcome AfterFailure(StreamRetrySettings settings, int retriesSpent, int recordCount, bool functionError)
    {
        if (settings.BisectOnFunctionError && functionError && recordCount > 1)
            return new FailureOutcome.Bisect();
        if (settings.MaximumRetryAttempts >= 0 && retriesSpent >= settings.MaximumRetryAttempts)
            return FailureOutcome.GiveUp(StreamDestinationConditions.RetryAttemptsExhausted, settings.OnFailureDestination);
        return new FailureOutcome.RetryNow();
    }

    /// <summary>How many leading records of a batch are older than MaximumRecordAgeInSeconds (checked
    /// before every invocation): those are given up, the rest is invoked. Arrival times grow along a
    /// shard, so the expired ones are a prefix.</summary>
    public static int ExpiredCount(StreamRetrySettings settings, IReadOnlyList<StreamRecord> records, DateTimeOffset now)
    {
        if (settings.MaximumRecordAge is not { } maxAge)
            return 0;
        var count = 0;
        while (count < records.Count && now - records[count].ApproximateArrivalTimestamp > maxAge)
            count++;
        return count;
    }

    public static FailureOutcome Expired(StreamRetrySettings settings) =>
        FailureOutcome.GiveUp(StreamDestinationConditions.RecordAgeExceeded, settings.OnFailureDestination);

    /// <summary>The pause before retry number <paramref name="consecutiveFailures"/> of a shard lane:
    /// none for the first <see cref="ImmediateRetries"/>, then 10 ms doubling up to 1 s.</summary>
    public static TimeSpan RetryDelay(int consecutiveFailures)
    {
        return consecutiveFailures <= ImmediateRetries
            ? TimeSpan.Zero
            : Backoff.Exponential(FirstDelay, MaxDelay, consecutiveFailures - ImmediateRetries);
    }
}
