using Platform.Emulators.Tables.Engine;

namespace Platform.Host.Configuration;

/// <summary>A DynamoDB table platform.yaml declares (`tables:`): created at start when missing, with
/// its TTL attribute; an existing table is left as it is (its items and streams are kept).</summary>
public sealed record TableDeclaration(TableDefinition Definition, string? TtlAttribute, int Line);
