namespace Platform.Emulators.Tables.Engine;

/// <summary>One action of TransactWriteItems: Kind is Put, Update, Delete or ConditionCheck.</summary>
public sealed record TransactAction
{
    public required string Kind { get; init; }
    public required string TableName { get; init; }
    public IReadOnlyDictionary<string, AttributeValue>? Item { get; init; }
    public IReadOnlyDictionary<string, AttributeValue>? Key { get; init; }
    public string? UpdateExpression { get; init; }
    public ItemWriteOptions Options { get; init; } = ItemWriteOptions.None;
}
