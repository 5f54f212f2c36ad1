using System.Globalization;
using System.Text.Json;

namespace Platform.Host.Lambda;

/// <summary>Typed reads of request members with Lambda's answers for the wrong type.</summary>
internal static class LambdaJson
{
    public static JsonElement ParseObject(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            using var empty = JsonDocument.Parse("{}");
            return empty.RootElement.Clone();
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw LambdaException.BadContent("Could not parse request body into json: the body must be a JSON object.");
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw LambdaException.BadContent($"Could not parse request body into json: {e.Message}");
        }
    }

    public static bool Has(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static string? String(JsonElement obj, string name) =>
        !Has(obj, name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Mistyped(name, "a string");

    public static bool? Bool(JsonElement obj, string name) =>
        !Has(obj, name, out var value) ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw Mistyped(name, "a boolean");

    /// <summary>An integer member checked against the API model's range (a ValidationException
    /// outside it, as Lambda's request validation answers).</summary>
    public static int? Int(JsonElement obj, string name, int min, int max)
    {
        if (!Has(obj, name, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw Mistyped(name, "an integer");
        if (number < min)
            throw LambdaException.Validation(Camel(name), number.ToString(CultureInfo.InvariantCulture), $"Member must have value greater than or equal to {min}");
        if (number > max)
            throw LambdaException.Validation(Camel(name), number.ToString(CultureInfo.InvariantCulture), $"Member must have value less than or equal to {max}");
        return number;
    }

    /// <summary>A timestamp: epoch seconds (what botocore sends) or ISO-8601.</summary>
    public static DateTimeOffset? Timestamp(JsonElement obj, string name)
    {
        if (!Has(obj, name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && double.IsFinite(seconds)
            && Math.Abs(seconds) < 253402300799)
        {
            return DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(seconds * 1000));
        }
        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }
        throw Mistyped(name, "a timestamp (epoch seconds or ISO-8601)");
    }

    public static JsonElement? Object(JsonElement obj, string name) =>
        !Has(obj, name, out var value) ? null
        : value.ValueKind == JsonValueKind.Object ? value
        : throw Mistyped(name, "an object");

    public static IReadOnlyList<string>? Strings(JsonElement obj, string name)
    {
        if (!Has(obj, name, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
            throw Mistyped(name, "a list of strings");
        return [.. value.EnumerateArray().Select(i => i.GetString()!)];
    }

    public static void WriteEpochSeconds(Utf8JsonWriter json, string name, DateTimeOffset time) =>
        json.WriteNumber(name, Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3));

    private static LambdaException Mistyped(string name, string expected) =>
        LambdaException.BadContent($"Could not parse request body into json: {name} must be {expected}.");

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
