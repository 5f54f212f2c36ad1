using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Platform.Emulators.Topics.Engine;

/// <summary>How attribute and tag maps and message attributes are kept in their TEXT columns.
/// Written by hand: a map of strings needs no serializer, and no reflection runs on the publish path.</summary>
internal static class TopicJson
{
    public static string WriteMap(IReadOnlyDictionary<string, string> map) => Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (key, value) in map)
            writer.WriteString(key, value);
        writer.WriteEndObject();
    });

    public static Dictionary<string, string> ReadMap(string json)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
            map[property.Name] = property.Value.GetString() ?? "";
        return map;
    }

    public static string? WriteAttributes(IReadOnlyDictionary<string, TopicAttribute> attributes) => attributes.Count == 0 ? null : Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (name, value) in attributes)
        {
            writer.WriteStartObject(name);
            writer.WriteString("DataType", value.DataType);
            if (value.StringValue is not null)
                writer.WriteString("StringValue", value.StringValue);
            if (value.BinaryValue is not null)
                writer.WriteBase64String("BinaryValue", value.BinaryValue);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    });

    public static Dictionary<string, TopicAttribute> ReadAttributes(string? json)
    {
        var attributes = new Dictionary<string, TopicAttribute>(StringComparer.Ordinal);
        if (json is null)
            return attributes;
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value;
            attributes[property.Name] = new TopicAttribute
            {
                DataType = value.GetProperty("DataType").GetString()!,
                StringValue = value.TryGetProperty("StringValue", out var s) ? s.GetString() : null,
                BinaryValue = value.TryGetProperty("BinaryValue", out var b) ? b.GetBytesFromBase64() : null,
            };
        }
        return attributes;
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
