namespace Platform.Triggers.Sources.Kinesis;

/// <summary>What happens to stream records whose batch did not succeed — a closed set, decided by
/// <see cref="StreamRetryPolicy"/> and carried out by the shard lane, so the rules stay testable
/// apart from the code that counts attempts, invokes and checkpoints.</summary>
public abstract record StreamFailureDecision
{
    private StreamFailureDecision()
    {
    }

    /// <summary>Invoke the same records again now; spends one retry.</summary>
    public sealed record Retry : StreamFailureDecision;

    /// <summary>Split the records in two and process each half in order; spends no retry.</summary>
    public sealed record Bisect : StreamFailureDecision;

    /// <summary>Give up on the records: send the failure record to <paramref name="Destination"/>
    /// (when null, only log) and move the shard on.</summary>
    public sealed record GiveUp(string Condition, string? Destination) : StreamFailureDecision;
}
