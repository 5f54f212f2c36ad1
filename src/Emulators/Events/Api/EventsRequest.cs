using System.Text.Json;
using Platform.Emulators.Events.Engine;

namespace Platform.Emulators.Events.Api;

/// <summary>Typed member access to an EventBridge JSON request: a member of the wrong JSON type is a
/// SerializationException, a missing required one a ValidationException, as AWS answers.</summary>
internal readonly struct EventsRequest(JsonElement root)
{
    public JsonElement Root => root;

    public string? String(string name) => String(root, name);

    public static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(name, "string");
    }

    public string Required(string name) =>
        String(name) ?? throw EventsErrors.Constraint("null", char.ToLowerInvariant(name[0]) + name[1..], "Member must not be null");

    public int? Limit(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw WrongType(name, "integer");
        return number is >= 1 and <= 100
            ? number
            : throw EventsErrors.Constraint(value.GetRawText(), char.ToLowerInvariant(name[0]) + name[1..], "Member must have value between 1 and 100");
    }

    public IReadOnlyList<JsonElement> Array(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw EventsErrors.Constraint("null", char.ToLowerInvariant(name[0]) + name[1..], "Member must not be null");
        return value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : throw WrongType(name, "list");
    }

    public IReadOnlyList<string> Strings(string name) =>
        [.. Array(name).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw WrongType(name, "list of strings"))];

    /// <summary>Tags as <c>[{"Key","Value"}]</c>.</summary>
    public IReadOnlyDictionary<string, string> Tags(string name)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return tags;
        if (value.ValueKind != JsonValueKind.Array)
            throw WrongType(name, "list");
        foreach (var tag in value.EnumerateArray())
            tags[String(tag, "Key") ?? ""] = String(tag, "Value") ?? "";
        return tags;
    }

    public static EventsException WrongType(string name, string expected) =>
        new("SerializationException", $"Unexpected value for {name}: expected {expected}.");
}
