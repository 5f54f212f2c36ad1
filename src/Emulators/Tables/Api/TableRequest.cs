using System.Text.Json;
using Platform.Emulators.Tables.Engine;

namespace Platform.Emulators.Tables.Api;

/// <summary>One decoded JSON request body with typed member access: a member of the wrong JSON type
/// is SerializationException, a missing required one ValidationException, as DynamoDB answers.</summary>
internal readonly struct TableRequest(JsonElement root)
{
    public JsonElement Root => root;

    public bool Has(string name) => Has(root, name);

    public static bool Has(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name) => String(root, name);

    public static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new TableException("SerializationException", $"Unexpected value type for {name}: expected a string.");
    }

    public string Required(string name) => Required(root, name);

    public static string Required(JsonElement element, string name) =>
        String(element, name) ?? throw Missing(name);

    public string TableName()
    {
        var name = String("TableName");
        TableEngine.ValidateTableName(name, "tableName");
        return name!;
    }

    public int? Int(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw new TableException("SerializationException", $"Unexpected value type for {name}: expected an integer.");
        return number;
    }

    public static long? Long(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            throw new TableException("SerializationException", $"Unexpected value type for {name}: expected an integer.");
        return number;
    }

    public bool? Bool(string name) => Bool(root, name);

    public static bool? Bool(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new TableException("SerializationException", $"Unexpected value type for {name}: expected a boolean."),
        };
    }

    public JsonElement? Element(string name) => Element(root, name);

    public static JsonElement? Element(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public Dictionary<string, AttributeValue>? Item(string name) => Item(root, name);

    public static Dictionary<string, AttributeValue>? Item(JsonElement element, string name) =>
        Element(element, name) is { } value ? AttributeJson.ReadItem(value) : null;

    public static Dictionary<string, string>? Names(JsonElement element)
    {
        if (Element(element, "ExpressionAttributeNames") is not { } names)
            return null;
        if (names.ValueKind != JsonValueKind.Object)
            throw new TableException("SerializationException", "ExpressionAttributeNames must be a map.");
        return names.EnumerateObject().ToDictionary(p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new TableException("SerializationException", "ExpressionAttributeNames values must be strings."),
            StringComparer.Ordinal);
    }

    public static Dictionary<string, AttributeValue>? Values(JsonElement element)
    {
        if (Element(element, "ExpressionAttributeValues") is not { } values)
            return null;
        if (values.ValueKind != JsonValueKind.Object)
            throw new TableException("SerializationException", "ExpressionAttributeValues must be a map.");
        var result = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var property in values.EnumerateObject())
        {
            try
            {
                result[property.Name] = AttributeJson.Read(property.Value);
            }
            catch (TableException error) when (error.Code == "ValidationException")
            {
                throw new TableException("ValidationException", $"ExpressionAttributeValues contains invalid value: {error.Message} for key {property.Name}");
            }
        }

        return result;
    }

    public static ItemWriteOptions WriteOptions(JsonElement element) => WriteOptions(element, LegacyParameters.Of(element));

    public static ItemWriteOptions WriteOptions(JsonElement element, LegacyParameters legacy) => new()
    {
        ConditionExpression = String(element, "ConditionExpression") ?? legacy.Condition,
        ExpressionAttributeNames = legacy.Names(),
        ExpressionAttributeValues = legacy.Values(),
        ReturnValues = String(element, "ReturnValues") ?? "NONE",
        ReturnValuesOnConditionCheckFailure = String(element, "ReturnValuesOnConditionCheckFailure") ?? "NONE",
    };

    public static TableException Missing(string name) =>
        new("ValidationException", $"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0]) + name[1..]}' failed to satisfy constraint: Member must not be null");
}
