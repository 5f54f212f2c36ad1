using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Queues.Api.Query;

/// <summary>The fields of a query-protocol request (<c>Action=SendMessage&amp;QueueUrl=…</c>),
/// decoded straight from the body bytes: ASP.NET's form reader costs more than the whole send.</summary>
internal sealed class QueryForm
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

    public string? this[string name] => _fields.GetValueOrDefault(name);

    public int Count => _fields.Count;

    public static QueryForm Parse(ReadOnlySpan<byte> body, string? queryString = null)
    {
        var form = new QueryForm();
        if (!string.IsNullOrEmpty(queryString))
        {
            var query = Encoding.UTF8.GetBytes(queryString.TrimStart('?'));
            form.AddPairs(query);
        }

        form.AddPairs(body);
        return form;
    }

    public void Set(string name, string value) => _fields[name] = value;

    public int? Int(string name)
    {
        var text = this[name];
        if (text is null)
            return null;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw QueueErrors.InvalidParameter(name, text, "Must be an integer.");
    }

    /// <summary><c>Prefix.1</c>, <c>Prefix.2</c>, … until the first gap; null when there is none.</summary>
    public List<string>? List(string prefix)
    {
        List<string>? values = null;
        for (var i = 1; this[Key(prefix, i)] is { } value; i++)
            (values ??= []).Add(value);
        return values;
    }

    /// <summary>A flattened map: <c>Prefix.N.{keyName}</c> / <c>Prefix.N.{valueName}</c>.</summary>
    public Dictionary<string, string>? Map(string prefix, string keyName, string valueName)
    {
        Dictionary<string, string>? map = null;
        for (var i = 1; this[Key(prefix, i) + "." + keyName] is { } key; i++)
            (map ??= new Dictionary<string, string>(StringComparer.Ordinal))[key] = this[Key(prefix, i) + "." + valueName] ?? "";
        return map;
    }

    public static string Key(string prefix, int index) => prefix + "." + index.ToString(CultureInfo.InvariantCulture);

    private void AddPairs(ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'&');
            var pair = end < 0 ? text : text[..end];
            text = end < 0 ? default : text[(end + 1)..];
            if (pair.IsEmpty)
                continue;
            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals]) ?? throw NotUtf8("a parameter name");
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]) ?? throw NotUtf8(name);
            _fields[name] = value;
        }
    }

    /// <summary>SQS refuses a field that is not UTF-8 once decoded: replacing the bytes with U+FFFD
    /// would store text the client never sent and answer an MD5 its SDK rejects (and retries).</summary>
    private static QueueException NotUtf8(string name) =>
        name == "MessageBody" || name.EndsWith(".MessageBody", StringComparison.Ordinal)
            ? new QueueException("InvalidMessageContents", "The message body is not valid UTF-8.")
            : QueueErrors.InvalidParameterValue($"The value of {name} is not valid UTF-8.");

    /// <summary>The decoded text, or null when its bytes are not UTF-8.</summary>
    private static string? Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IndexOfAny((byte)'%', (byte)'+') < 0)
            return Utf8.IsValid(encoded) ? Encoding.UTF8.GetString(encoded) : null;
        var rented = encoded.Length > 512 ? ArrayPool<byte>.Shared.Rent(encoded.Length) : null;
        var decoded = rented ?? stackalloc byte[encoded.Length];
        try
        {
            var length = 0;
            for (var i = 0; i < encoded.Length; i++)
            {
                var b = encoded[i];
                if (b == '+')
                {
                    decoded[length++] = (byte)' ';
                }
                else if (b == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
                {
                    decoded[length++] = (byte)(HexValue(encoded[i + 1]) << 4 | HexValue(encoded[i + 2]));
                    i += 2;
                }
                else
                {
                    decoded[length++] = b;
                }
            }

            return Utf8.IsValid(decoded[..length]) ? Encoding.UTF8.GetString(decoded[..length]) : null;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
