namespace Platform.Host.Configuration;

/// <summary>An EventBridge Scheduler schedule platform.yaml declares (`schedules:`), created or
/// updated at start and on reload.</summary>
public sealed record ScheduleDeclaration
{
    public required string Name { get; init; }
    public string? Group { get; init; }
    public required string Expression { get; init; }
    public string? Timezone { get; init; }
    public required string TargetArn { get; init; }
    public string? Input { get; init; }
    public int Line { get; init; }
}
