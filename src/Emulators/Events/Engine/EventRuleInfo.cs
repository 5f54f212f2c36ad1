namespace Platform.Emulators.Events.Engine;

/// <summary>A rule as DescribeRule and ListRules show it.</summary>
public sealed record EventRuleInfo
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string EventBusName { get; init; }
    public string? EventPattern { get; init; }
    public string? ScheduleExpression { get; init; }
    public required string State { get; init; }
    public string? Description { get; init; }
    public string? RoleArn { get; init; }
    public string? ManagedBy { get; init; }
}
