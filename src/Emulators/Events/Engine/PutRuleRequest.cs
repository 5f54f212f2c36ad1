namespace Platform.Emulators.Events.Engine;

public sealed record PutRuleRequest
{
    public required string Name { get; init; }
    public string? EventBusName { get; init; }
    public string? EventPattern { get; init; }
    public string? ScheduleExpression { get; init; }
    public string? State { get; init; }
    public string? Description { get; init; }
    public string? RoleArn { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
