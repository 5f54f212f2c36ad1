using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Functions;

/// <summary>
/// The JSON settings the platform reads events and writes results with, so a function author who
/// (de)serializes by hand gets exactly what the platform would. Event types carry their AWS
/// property names explicitly; these options only decide how the author's own types are treated.
/// </summary>
public static class FunctionJson
{
    /// <summary>
    /// camelCase names for the author's types, case-insensitive reading (payloads from other tools
    /// vary), nulls omitted on write, and no needless escaping of characters such as <c>+</c> that
    /// appear in S3 keys.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Reads <paramref name="json"/> into <typeparamref name="T"/> with <see cref="Options"/>.</summary>
    /// <typeparam name="T">The event or model type.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <returns>The value, or default when the JSON is <c>null</c>.</returns>
    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Writes <paramref name="value"/> as JSON with <see cref="Options"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
