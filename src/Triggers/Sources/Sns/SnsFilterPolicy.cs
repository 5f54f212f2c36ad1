using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Filtering;

namespace Platform.Triggers.Sources.Sns;

/// <summary>
/// A subscription's FilterPolicy compiled on the shared matcher, with what it is matched against:
/// scope MessageAttributes — an object of the message's attributes (String as a string, Number as a
/// number, String.Array as its array; Binary cannot be matched and is left out); scope MessageBody
/// — the message parsed as JSON (a body that is not a JSON object matches no policy).
/// </summary>
public sealed class SnsFilterPolicy
{
    private readonly EventPattern _pattern;
    private readonly bool _bodyScope;

    private SnsFilterPolicy(EventPattern pattern, bool bodyScope)
    {
        _pattern = pattern;
        _bodyScope = bodyScope;
    }

    public static SnsFilterPolicy Compile(string policy, string scope) => new(EventPattern.Parse(policy), scope == "MessageBody");

    public bool Matches(string message, IReadOnlyDictionary<string, TopicAttribute> attributes)
    {
        if (_bodyScope)
        {
            try
            {
                using var body = JsonDocument.Parse(message);
                return body.RootElement.ValueKind == JsonValueKind.Object && _pattern.Matches(body.RootElement);
            }
            catch (JsonException)
            {
                return false;
            }
        }

        using var subject = JsonDocument.Parse(AttributesSubject(attributes));
        return _pattern.Matches(subject.RootElement);
    }

    internal static byte[] AttributesSubject(IReadOnlyDictionary<string, TopicAttribute> attributes)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in attributes)
            {
                switch (value.BaseType)
                {
                    case "String":
                        writer.WriteString(name, value.StringValue);
                        break;
                    case "Number" when decimal.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                        writer.WriteNumber(name, number);
                        break;
                    case "String.Array":
                        writer.WritePropertyName(name);
                        using (var array = JsonDocument.Parse(value.StringValue!))
                            array.RootElement.WriteTo(writer);
                        break;
                }
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
