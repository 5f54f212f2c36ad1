namespace Platform.Emulators.Tables.Engine;

/// <summary>A table as CreateTable (and later UpdateTable) shaped it. Stored as JSON in the
/// database; the item data lives in its own rows.</summary>
public sealed record TableDefinition
{
    public required string Name { get; init; }
    public required IReadOnlyList<AttributeDefinition> AttributeDefinitions { get; init; }
    public required string HashKey { get; init; }
    public string? RangeKey { get; init; }
    public IReadOnlyList<IndexDefinition> Indexes { get; init; } = [];
    public string BillingMode { get; init; } = "PROVISIONED";
    public long ReadCapacityUnits { get; init; }
    public long WriteCapacityUnits { get; init; }
    public bool StreamEnabled { get; init; }
    public string? StreamViewType { get; init; }
    public string TableClass { get; init; } = "STANDARD";
    public bool DeletionProtectionEnabled { get; init; }

    public string TypeOf(string attribute) =>
        AttributeDefinitions.FirstOrDefault(a => a.AttributeName == attribute)?.AttributeType ?? "S";

    public IEnumerable<string> KeyNames => RangeKey is null ? [HashKey] : [HashKey, RangeKey];
}
