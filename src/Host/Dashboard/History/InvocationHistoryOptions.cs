namespace Platform.Host.Dashboard.History;

/// <summary>How much invocation history the database keeps: the newest <see cref="MaxCount"/>
/// invocations not older than <see cref="MaxAge"/>; payloads, responses and logs are cut at
/// <see cref="MaxTextBytes"/> characters each so a 6 MB event does not become 6 MB per attempt.</summary>
internal sealed record InvocationHistoryOptions
{
    public int MaxCount { get; init; } = 10_000;
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(1);
    public int MaxTextBytes { get; init; } = 256 * 1024;

    /// <summary>Trimming runs after this many new entries, not on every commit.</summary>
    public int TrimEvery { get; init; } = 512;
}
