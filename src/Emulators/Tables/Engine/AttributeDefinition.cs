namespace Platform.Emulators.Tables.Engine;

/// <summary>A key attribute's name and scalar type (S, N or B).</summary>
public sealed record AttributeDefinition(string AttributeName, string AttributeType);
