using System.Text;

namespace Platform.Emulators.Tables.Engine;

public sealed partial class TableEngine
{
    public const int MaxItemBytes = 400 * 1024;
    private const int MaxHashKeyBytes = 2048;
    private const int MaxRangeKeyBytes = 1024;

    /// <summary>A Key parameter (GetItem, DeleteItem, UpdateItem, …): exactly the table's key attributes, of their types.</summary>
    internal static ItemKey KeyOf(TableState table, IReadOnlyDictionary<string, AttributeValue>? key)
    {
        var definition = table.Definition;
        if (key is null || key.Count != definition.KeyNames.Count())
            throw TableErrors.KeySchemaMismatch();
        foreach (var name in definition.KeyNames)
        {
            if (!key.TryGetValue(name, out var value) || value.Kind.ToString() != definition.TypeOf(name))
                throw TableErrors.KeySchemaMismatch();
        }

        return Encode(table, key);
    }

    /// <summary>The key of a whole item (PutItem), with DynamoDB's messages for a missing or mistyped key.</summary>
    internal static ItemKey KeyOfItem(TableState table, IReadOnlyDictionary<string, AttributeValue> item)
    {
        var definition = table.Definition;
        foreach (var name in definition.KeyNames)
        {
            if (!item.TryGetValue(name, out var value))
                throw TableErrors.Invalid($"Missing the key {name} in the item");
            var expected = definition.TypeOf(name);
            if (value.Kind.ToString() != expected)
                throw TableErrors.Invalid($"Type mismatch for key {name} expected: {expected} actual: {value.Kind}");
        }

        foreach (var index in definition.Indexes)
        {
            foreach (var name in index.RangeKey is null ? [index.HashKey] : new[] { index.HashKey, index.RangeKey })
            {
                if (item.TryGetValue(name, out var value) && value.Kind.ToString() != definition.TypeOf(name))
                    throw TableErrors.Invalid($"Type mismatch for Index Key {name} Expected: {definition.TypeOf(name)} Actual: {value.Kind} IndexName: {index.Name}");
                if (value is { Kind: AttributeKind.S, S.Length: 0 } or { Kind: AttributeKind.B, B.Length: 0 })
                    throw TableErrors.Invalid($"One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: {index.Name}, IndexKey: {name}");
            }
        }

        return Encode(table, definition.KeyNames.ToDictionary(n => n, n => item[n], StringComparer.Ordinal));
    }

    private static ItemKey Encode(TableState table, IReadOnlyDictionary<string, AttributeValue> key)
    {
        var definition = table.Definition;
        foreach (var (name, value) in key)
        {
            if (value is { Kind: AttributeKind.S, S.Length: 0 } or { Kind: AttributeKind.B, B.Length: 0 })
                throw TableErrors.Validation($"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {(value.Kind == AttributeKind.S ? "string" : "binary")} value. Key: {name}");
        }

        var hash = KeyCodec.Encode(key[definition.HashKey]);
        if (KeyBytes(key[definition.HashKey]) > MaxHashKeyBytes)
            throw TableErrors.Invalid("Size of hashkey has exceeded the maximum size limit of2048 bytes");
        var range = definition.RangeKey is null ? [] : KeyCodec.Encode(key[definition.RangeKey]);
        if (definition.RangeKey is not null && KeyBytes(key[definition.RangeKey]) > MaxRangeKeyBytes)
            throw TableErrors.Invalid("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        return new ItemKey(key, hash, range);
    }

    private static int KeyBytes(AttributeValue value) => value.Kind switch
    {
        AttributeKind.S => Encoding.UTF8.GetByteCount(value.S!),
        AttributeKind.B => value.B!.Length,
        _ => value.N.SizeBytes(),
    };

    internal static int ItemSize(IReadOnlyDictionary<string, AttributeValue> item) =>
        item.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + kv.Value.SizeBytes());

    internal static Dictionary<string, AttributeValue> KeyAttributes(TableState table, IReadOnlyDictionary<string, AttributeValue> item) =>
        table.Definition.KeyNames.ToDictionary(n => n, n => item[n], StringComparer.Ordinal);
}
