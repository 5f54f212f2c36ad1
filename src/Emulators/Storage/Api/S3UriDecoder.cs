using System.Text;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Strict percent-decoding of bucket names, keys and query values. Uri.UnescapeDataString
/// keeps malformed escapes and invalid UTF-8 as literal text, which would silently store an object
/// under a key the client never meant; S3 answers such requests with InvalidURI instead.</summary>
internal static class S3UriDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="value"/>, or returns null when it is not valid percent-encoded
    /// UTF-8 (a '%' without two hex digits, bytes that are not UTF-8, or a NUL).</summary>
    public static string? TryDecode(string value)
    {
        if (!value.Contains('%'))
            return value.Contains('\0') ? null : value;

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
                    return null;
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                // A raw non-ASCII character (Kestrel passes the target through as Latin-1/UTF-8 text).
                var length = char.IsHighSurrogate(c) && i + 1 < value.Length
                    ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
                bytes.AddRange(utf8[..length]);
            }
        }

        try
        {
            var decoded = StrictUtf8.GetString(bytes.ToArray());
            return decoded.Contains('\0') ? null : decoded;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Decodes a part of the request target; InvalidURI when it cannot be decoded.</summary>
    public static string Decode(string value) => TryDecode(value) ?? throw StorageErrors.InvalidUri();

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
