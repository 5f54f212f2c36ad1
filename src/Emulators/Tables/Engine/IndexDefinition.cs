namespace Platform.Emulators.Tables.Engine;

/// <summary>A local or global secondary index: its keys and what it projects (ALL, KEYS_ONLY or
/// INCLUDE with NonKeyAttributes).</summary>
public sealed record IndexDefinition
{
    public required string Name { get; init; }
    public bool Global { get; init; }
    public required string HashKey { get; init; }
    public string? RangeKey { get; init; }
    public string ProjectionType { get; init; } = "ALL";
    public IReadOnlyList<string> NonKeyAttributes { get; init; } = [];
    public long ReadCapacityUnits { get; init; }
    public long WriteCapacityUnits { get; init; }
}
