namespace Platform.Emulators.Tables.Engine;

/// <summary>What an UpdateTable request changes; null members stay as they are.</summary>
public sealed record TableUpdate
{
    public string? BillingMode { get; init; }
    public long? ReadCapacityUnits { get; init; }
    public long? WriteCapacityUnits { get; init; }
    public bool? StreamEnabled { get; init; }
    public string? StreamViewType { get; init; }
    public bool? DeletionProtectionEnabled { get; init; }
    public string? TableClass { get; init; }
    public IReadOnlyList<AttributeDefinition> AttributeDefinitions { get; init; } = [];
    public IReadOnlyList<IndexDefinition> CreatedIndexes { get; init; } = [];
    public IReadOnlyList<string> DeletedIndexes { get; init; } = [];
}
