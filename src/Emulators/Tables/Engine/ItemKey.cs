namespace Platform.Emulators.Tables.Engine;

/// <summary>An item's primary key: its attributes and their encoded forms (range empty without a sort key).</summary>
internal sealed record ItemKey(IReadOnlyDictionary<string, AttributeValue> Attributes, byte[] Hash, byte[] Range);
