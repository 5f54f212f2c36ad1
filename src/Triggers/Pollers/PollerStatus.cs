namespace Platform.Triggers.Pollers;

/// <summary>How a poller is doing, for /_platform/health.</summary>
public sealed record PollerStatus
{
    public required string Name { get; init; }
    public bool Running { get; init; }
    public int ConsecutiveFailures { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    public DateTimeOffset? LastWorkAt { get; init; }

    public bool Healthy => ConsecutiveFailures == 0;
}
