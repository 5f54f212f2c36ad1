using System.Collections.Immutable;

namespace Platform.Emulators.Tables.Engine;

/// <summary>A table as the engine caches it: its definition, TTL attribute, tags and current stream.</summary>
public sealed record TableState(
    long Id,
    string Arn,
    TableDefinition Definition,
    long CreatedMs,
    string? TtlAttribute,
    ImmutableSortedDictionary<string, string> Tags,
    TableStreamInfo? Stream)
{
    public string Name => Definition.Name;
}
