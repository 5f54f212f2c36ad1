using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Emulators.Events.Engine;

/// <summary>The event as EventBridge delivers it, fields in AWS's order: version, id, detail-type,
/// source, account, time (ISO-8601 UTC, whole seconds), region, resources, detail.</summary>
internal static class EventEnvelope
{
    public static string Build(string id, string detailType, string source, string account, DateTimeOffset time, string region,
        IReadOnlyList<string> resources, string detailJson)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + detailJson.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "0");
            writer.WriteString("id", id);
            writer.WriteString("detail-type", detailType);
            writer.WriteString("source", source);
            writer.WriteString("account", account);
            writer.WriteString("time", Time(time));
            writer.WriteString("region", region);
            writer.WriteStartArray("resources");
            foreach (var resource in resources)
                writer.WriteStringValue(resource);
            writer.WriteEndArray();
            writer.WritePropertyName("detail");
            writer.WriteRawValue(detailJson, skipInputValidation: false);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
