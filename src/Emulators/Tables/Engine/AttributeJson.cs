using System.Globalization;
using System.Text.Json;

namespace Platform.Emulators.Tables.Engine;

/// <summary>DynamoDB's JSON form of values (<c>{"S":"x"}</c>, <c>{"N":"1"}</c>, base64 binaries,
/// …): read with DynamoDB's validation messages, written as DynamoDB answers. Items are stored in
/// the database in this same form.</summary>
public static class AttributeJson
{
    public static Dictionary<string, AttributeValue> ReadItem(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new TableException("SerializationException", "Start of structure or map found where not expected.");
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            item[property.Name] = Read(property.Value);
        return item;
    }

    public static Dictionary<string, AttributeValue> ReadItem(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray());
        return ReadItem(document.RootElement);
    }

    public static AttributeValue Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new TableException("SerializationException", "Start of structure or map found where not expected.");
        AttributeValue? value = null;
        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
                continue;
            count++;
            value = property.Name switch
            {
                "S" => AttributeValue.String(String(property.Value)),
                "N" => AttributeValue.Number(Number(String(property.Value))),
                "B" => AttributeValue.Binary(Bytes(property.Value)),
                "BOOL" => AttributeValue.Boolean(Bool(property.Value)),
                "NULL" => Bool(property.Value)
                    ? AttributeValue.Null()
                    : throw TableErrors.Invalid("Null attribute value types must have the value of true"),
                "SS" => StringSet(property.Value),
                "NS" => NumberSet(property.Value),
                "BS" => BinarySet(property.Value),
                "L" => AttributeValue.List(Array(property.Value).Select(Read).ToList()),
                "M" => AttributeValue.Map(ReadItem(property.Value)),
                _ => throw new TableException("SerializationException", $"Unknown attribute type: {property.Name}"),
            };
        }

        if (count == 0)
            throw TableErrors.Validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        if (count > 1)
            throw TableErrors.Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        return value!;
    }

    private static AttributeValue StringSet(JsonElement element)
    {
        var values = Array(element).Select(String).ToList();
        if (values.Count == 0)
            throw TableErrors.Invalid("An string set  may not be empty");
        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            throw TableErrors.Invalid($"Input collection [{string.Join(", ", values)}] contains duplicates.");
        return AttributeValue.StringSet(values);
    }

    private static AttributeValue NumberSet(JsonElement element)
    {
        var values = Array(element).Select(e => Number(String(e))).ToList();
        if (values.Count == 0)
            throw TableErrors.Invalid("An number set  may not be empty");
        if (values.Distinct().Count() != values.Count)
            throw TableErrors.Validation("Input collection contains duplicates");
        return AttributeValue.NumberSet(values);
    }

    private static AttributeValue BinarySet(JsonElement element)
    {
        var values = Array(element).Select(Bytes).ToList();
        if (values.Count == 0)
            throw TableErrors.Invalid("Binary sets should not be empty");
        if (values.Select(Convert.ToBase64String).Distinct(StringComparer.Ordinal).Count() != values.Count)
            throw TableErrors.Invalid($"Input collection [{string.Join(", ", values.Select(Convert.ToBase64String))}]of type BS contains duplicates.");
        return AttributeValue.BinarySet(values);
    }

    private static IEnumerable<JsonElement> Array(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray()
            : throw new TableException("SerializationException", "Unexpected value type in payload; expected a list.");

    private static string String(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new TableException("SerializationException", "NUMBER_VALUE cannot be converted to String");

    private static bool Bool(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(element.GetString(), out var b) => b,
        _ => throw new TableException("SerializationException", "Unexpected value type in payload; expected a boolean."),
    };

    private static byte[] Bytes(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String && element.TryGetBytesFromBase64(out var bytes))
            return bytes;
        throw new TableException("SerializationException", "Base64 encoded data expected.");
    }

    public static DynamoNumber Number(string text)
    {
        if (string.IsNullOrEmpty(text))
            throw TableErrors.Validation("The parameter cannot be converted to a numeric value");
        if (!DynamoNumber.TryParse(text, out var value, out var error))
            throw TableErrors.Validation(error!.StartsWith("A value", StringComparison.Ordinal)
                ? "The parameter cannot be converted to a numeric value: " + text
                : error);
        return value;
    }

    public static void WriteItem(Utf8JsonWriter writer, IReadOnlyDictionary<string, AttributeValue> item)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in item)
        {
            writer.WritePropertyName(name);
            Write(writer, value);
        }

        writer.WriteEndObject();
    }

    public static void WriteItem(Utf8JsonWriter writer, string property, IReadOnlyDictionary<string, AttributeValue> item)
    {
        writer.WritePropertyName(property);
        WriteItem(writer, item);
    }

    public static void Write(Utf8JsonWriter writer, AttributeValue value)
    {
        writer.WriteStartObject();
        switch (value.Kind)
        {
            case AttributeKind.S:
                writer.WriteString("S", value.S);
                break;
            case AttributeKind.N:
                writer.WriteString("N", value.N.ToString());
                break;
            case AttributeKind.B:
                writer.WriteBase64String("B", value.B);
                break;
            case AttributeKind.BOOL:
                writer.WriteBoolean("BOOL", value.Bool);
                break;
            case AttributeKind.NULL:
                writer.WriteBoolean("NULL", true);
                break;
            case AttributeKind.SS:
                writer.WriteStartArray("SS");
                foreach (var s in value.SS!)
                    writer.WriteStringValue(s);
                writer.WriteEndArray();
                break;
            case AttributeKind.NS:
                writer.WriteStartArray("NS");
                foreach (var n in value.NS!)
                    writer.WriteStringValue(n.ToString());
                writer.WriteEndArray();
                break;
            case AttributeKind.BS:
                writer.WriteStartArray("BS");
                foreach (var b in value.BS!)
                    writer.WriteBase64StringValue(b);
                writer.WriteEndArray();
                break;
            case AttributeKind.L:
                writer.WriteStartArray("L");
                foreach (var v in value.L!)
                    Write(writer, v);
                writer.WriteEndArray();
                break;
            case AttributeKind.M:
                writer.WritePropertyName("M");
                WriteItem(writer, value.M!);
                break;
        }

        writer.WriteEndObject();
    }

    public static byte[] Serialize(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            WriteItem(writer, item);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A short rendering for error messages, e.g. <c>{S:abc}</c>.</summary>
    public static string Describe(AttributeValue value) => value.Kind switch
    {
        AttributeKind.S => "{S:" + value.S + ",}",
        AttributeKind.N => "{N:" + value.N.ToString() + ",}",
        _ => "{" + value.Kind.ToString() + ":...}",
    };

    public static string FormatInvariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
