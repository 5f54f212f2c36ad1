namespace Platform.Emulators.Events.Engine;

/// <summary>One PutEvents entry. AWS producers (S3, Lambda) may use <c>aws.*</c> sources; a client's
/// PutEvents may not.</summary>
public sealed record EventEntry
{
    public string? Source { get; init; }
    public string? DetailType { get; init; }
    public string? Detail { get; init; }
    public IReadOnlyList<string> Resources { get; init; } = [];
    public DateTimeOffset? Time { get; init; }
    public string? EventBusName { get; init; }

    /// <summary>Set by the platform's own producers: allows the reserved <c>aws.</c> sources.</summary>
    public bool FromAwsService { get; init; }
}
