namespace Platform.Emulators.Tables.Engine;

/// <summary>The expression parts and return options a PutItem, UpdateItem or DeleteItem carries.</summary>
public sealed record ItemWriteOptions
{
    public string? ConditionExpression { get; init; }
    public IReadOnlyDictionary<string, string>? ExpressionAttributeNames { get; init; }
    public IReadOnlyDictionary<string, AttributeValue>? ExpressionAttributeValues { get; init; }
    public string ReturnValues { get; init; } = "NONE";
    public string ReturnValuesOnConditionCheckFailure { get; init; } = "NONE";

    public static ItemWriteOptions None { get; } = new();
}
