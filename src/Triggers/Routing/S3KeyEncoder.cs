using System.Text;

namespace Platform.Triggers.Routing;

/// <summary>
/// Encodes an object key the way S3 writes it into event notifications: form-URL-encoding
/// (<c>application/x-www-form-urlencoded</c>, as AWS's docs say): a space becomes <c>+</c>, a
/// literal <c>+</c> becomes <c>%2B</c>, every other byte outside the unreserved set is <c>%XX</c>
/// (uppercase hex of its UTF-8 bytes). Unlike a pure form encoder, <c>/</c> stays as is — S3's
/// events show <c>images/red+flower.jpg</c>, and clients split keys into "folders" on it. The
/// unreserved set is RFC 3986's (A–Z a–z 0–9 - _ . ~); <c>*</c>, <c>(</c>, <c>)</c>, <c>'</c>,
/// <c>!</c>, <c>=</c>, <c>:</c> and the rest are escaped, which decodes identically with every
/// form or URL decoder (what functions do with the key: <c>WebUtility.UrlDecode</c>,
/// <c>urllib.parse.unquote_plus</c>).
/// </summary>
public static class S3KeyEncoder
{
    public static string Encode(string key)
    {
        if (key.All(IsKept))
            return key;

        var builder = new StringBuilder(key.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (IsKept(c))
            {
                builder.Append(c);
                continue;
            }

            if (c == ' ')
            {
                builder.Append('+');
                continue;
            }

            // A surrogate pair is one code point: encode its 4 UTF-8 bytes together. A lone
            // surrogate cannot be UTF-8; it becomes U+FFFD like every encoder does.
            var length = char.IsHighSurrogate(c) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1])
                ? Encoding.UTF8.GetBytes(key.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(key.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
                builder.Append('%').Append(b.ToString("X2"));
        }

        return builder.ToString();
    }

    private static bool IsKept(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/';
}
