using System.Text;

namespace Platform.Emulators.Tables.Engine;

/// <summary>One DynamoDB value. Treated as immutable: updates build new values, so an item read
/// from the database can be kept as an old image while its new version is assembled.</summary>
public sealed class AttributeValue
{
    private AttributeValue(AttributeKind kind) => Kind = kind;

    public AttributeKind Kind { get; }
    public string? S { get; private init; }
    public DynamoNumber N { get; private init; }
    public byte[]? B { get; private init; }
    public bool Bool { get; private init; }
    public IReadOnlyList<string>? SS { get; private init; }
    public IReadOnlyList<DynamoNumber>? NS { get; private init; }
    public IReadOnlyList<byte[]>? BS { get; private init; }
    public IReadOnlyList<AttributeValue>? L { get; private init; }
    public IReadOnlyDictionary<string, AttributeValue>? M { get; private init; }

    public static AttributeValue String(string value) => new(AttributeKind.S) { S = value };
    public static AttributeValue Number(DynamoNumber value) => new(AttributeKind.N) { N = value };
    public static AttributeValue Binary(byte[] value) => new(AttributeKind.B) { B = value };
    public static AttributeValue Boolean(bool value) => new(AttributeKind.BOOL) { Bool = value };
    public static AttributeValue Null() => new(AttributeKind.NULL) { Bool = true };
    public static AttributeValue StringSet(IReadOnlyList<string> values) => new(AttributeKind.SS) { SS = values };
    public static AttributeValue NumberSet(IReadOnlyList<DynamoNumber> values) => new(AttributeKind.NS) { NS = values };
    public static AttributeValue BinarySet(IReadOnlyList<byte[]> values) => new(AttributeKind.BS) { BS = values };
    public static AttributeValue List(IReadOnlyList<AttributeValue> values) => new(AttributeKind.L) { L = values };
    public static AttributeValue Map(IReadOnlyDictionary<string, AttributeValue> values) => new(AttributeKind.M) { M = values };

    public bool IsSet => Kind is AttributeKind.SS or AttributeKind.NS or AttributeKind.BS;

    /// <summary>DynamoDB's item-size accounting for this value (the attribute name is counted by the caller).</summary>
    public int SizeBytes() => Kind switch
    {
        AttributeKind.S => Encoding.UTF8.GetByteCount(S!),
        AttributeKind.N => N.SizeBytes(),
        AttributeKind.B => B!.Length,
        AttributeKind.BOOL or AttributeKind.NULL => 1,
        AttributeKind.SS => SS!.Sum(Encoding.UTF8.GetByteCount),
        AttributeKind.NS => NS!.Sum(n => n.SizeBytes()),
        AttributeKind.BS => BS!.Sum(b => b.Length),
        AttributeKind.L => 3 + L!.Sum(v => v.SizeBytes() + 1),
        AttributeKind.M => 3 + M!.Sum(kv => Encoding.UTF8.GetByteCount(kv.Key) + kv.Value.SizeBytes() + 1),
        _ => 0,
    };

    /// <summary>Value equality as DynamoDB compares (sets ignore order).</summary>
    public bool ValueEquals(AttributeValue other)
    {
        if (Kind != other.Kind)
            return false;
        return Kind switch
        {
            AttributeKind.S => S == other.S,
            AttributeKind.N => N.CompareTo(other.N) == 0,
            AttributeKind.B => B!.AsSpan().SequenceEqual(other.B),
            AttributeKind.BOOL => Bool == other.Bool,
            AttributeKind.NULL => true,
            AttributeKind.SS => SS!.Count == other.SS!.Count && SS.All(other.SS.Contains),
            AttributeKind.NS => NS!.Count == other.NS!.Count && NS.All(n => other.NS.Any(o => o.CompareTo(n) == 0)),
            AttributeKind.BS => BS!.Count == other.BS!.Count && BS.All(b => other.BS.Any(o => o.AsSpan().SequenceEqual(b))),
            AttributeKind.L => L!.Count == other.L!.Count && L.Zip(other.L).All(p => p.First.ValueEquals(p.Second)),
            AttributeKind.M => M!.Count == other.M!.Count &&
                               M.All(kv => other.M.TryGetValue(kv.Key, out var o) && kv.Value.ValueEquals(o)),
            _ => false,
        };
    }

    /// <summary>Ordering for comparisons between values of one scalar type (S by UTF-8 bytes, as DynamoDB).</summary>
    public static int CompareScalars(AttributeValue a, AttributeValue b) => a.Kind switch
    {
        AttributeKind.S => CompareUtf8(a.S!, b.S!),
        AttributeKind.N => a.N.CompareTo(b.N),
        AttributeKind.B => a.B!.AsSpan().SequenceCompareTo(b.B),
        _ => 0,
    };

    private static int CompareUtf8(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
