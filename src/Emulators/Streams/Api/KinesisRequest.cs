using System.Globalization;
using System.Text.Json;
using Platform.Emulators.Streams.Engine;

namespace Platform.Emulators.Streams.Api;

/// <summary>One decoded JSON request body with typed, validated member access. A member of the
/// wrong JSON type is SerializationException (what AWS's JSON services answer); a missing required
/// member or one outside the model's constraints is ValidationException.</summary>
internal readonly struct KinesisRequest(JsonElement root)
{
    public JsonElement Root => root;

    public bool Has(string name) => root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name) => String(root, name);

    public static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(name, "string");
    }

    public string RequiredString(string name, string member) => String(name) ?? throw Missing(member);

    public int? Int(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Number)
            throw WrongType(name, "integer");
        return value.TryGetInt32(out var number) ? number : throw KinesisApiErrors.Validation(value.GetRawText(), Camel(name), "Member must be a 32-bit integer");
    }

    /// <summary>An integer member within the model's range, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int min, int max, int fallback)
    {
        var value = Int(name);
        if (value is null)
            return fallback;
        if (value < min)
            throw KinesisApiErrors.Validation(value.Value.ToString(CultureInfo.InvariantCulture), Camel(name), $"Member must have value greater than or equal to {min}");
        if (value > max)
            throw KinesisApiErrors.Validation(value.Value.ToString(CultureInfo.InvariantCulture), Camel(name), $"Member must have value less than or equal to {max}");
        return value.Value;
    }

    public bool? Bool(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "boolean"),
        };
    }

    /// <summary>Timestamps arrive as epoch seconds (possibly fractional); ISO-8601 strings are accepted too.</summary>
    public DateTimeOffset? Timestamp(string name) => Timestamp(root, name);

    public static DateTimeOffset? Timestamp(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var seconds) && seconds is >= 0 and < 253402300800m)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(seconds * 1000));
        if (value.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed;
        throw WrongType(name, "timestamp");
    }

    public static byte[] Blob(JsonElement element, string name, string member)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            throw Missing(member);
        if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out var bytes))
            throw KinesisApiErrors.Serialization($"Base64 encoded data expected for {name}.");
        return bytes;
    }

    public static StreamException Missing(string member) =>
        KinesisApiErrors.Validation("null", member, "Member must not be null");

    private static StreamException WrongType(string name, string expected) =>
        KinesisApiErrors.Serialization($"Unexpected value for {name}: expected {expected}.");

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
