namespace ObjectSummary;

/// <summary>What one invocation did: how many objects it summarised and where the summaries went.</summary>
public sealed record SummarizeUploadResult(int Summarized, int Skipped, IReadOnlyList<string> Summaries);
