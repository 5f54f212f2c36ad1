namespace Platform.Triggers.Sources.Kinesis;

/// <summary>What one invocation of a batch came to, read from its outcome and (with
/// ReportBatchItemFailures) its response — a closed set.</summary>
public abstract record BatchResult
{
    private BatchResult()
    {
    }

    public static BatchResult Success { get; } = new Succeeded();

    /// <summary>Every record is done.</summary>
    public sealed record Succeeded : BatchResult;

    /// <summary>The function failed (error, timeout) or answered something that is not a valid
    /// batch item failure report: the whole batch failed.</summary>
    public sealed record Failed(string Reason, bool FunctionError) : BatchResult;

    /// <summary>Records before <paramref name="FirstFailedIndex"/> are done; the rest is retried from it.</summary>
    public sealed record PartiallyFailed(int FirstFailedIndex) : BatchResult;
}
