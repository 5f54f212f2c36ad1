namespace Platform.Triggers.Sources.Sqs;

/// <summary>What to do with a batch once its invocation's outcome is known: delete every message
/// except <see cref="Failed"/>, which stay on the queue and reappear after their visibility timeout.</summary>
public sealed record BatchVerdict(IReadOnlySet<string> Failed, string? Reason)
{
    public static BatchVerdict Success { get; } = new(new HashSet<string>(), null);

    public bool AllSucceeded => Failed.Count == 0;
}
