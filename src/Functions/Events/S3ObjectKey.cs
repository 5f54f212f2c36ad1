using System.Net;
using System.Text;

namespace Platform.Functions.Events;

/// <summary>The form-URL encoding S3 applies to object keys in event notifications.</summary>
public static class S3ObjectKey
{
    /// <summary>Decodes a key from an event: <c>+</c> becomes a space and <c>%XX</c> sequences
    /// (UTF-8) their characters.</summary>
    /// <param name="encodedKey">The key as it appears in <c>s3.object.key</c>.</param>
    /// <returns>The key as stored in the bucket.</returns>
    public static string Decode(string encodedKey) => WebUtility.UrlDecode(encodedKey);

    /// <summary>Encodes a key the way S3 writes it into an event — form-URL encoding as Java's
    /// URLEncoder does it, except that <c>/</c> stays (S3's events show <c>images/red+flower.jpg</c>):
    /// letters, digits and <c>-_.*/</c> stay, a space becomes <c>+</c>, everything else (<c>+</c>,
    /// <c>~</c>, <c>=</c>, <c>:</c>, non-ASCII, …) <c>%XX</c> of its UTF-8 bytes.</summary>
    /// <param name="key">The key as stored in the bucket.</param>
    /// <returns>The key as it appears in <c>s3.object.key</c>.</returns>
    public static string Encode(string key)
    {
        var builder = new StringBuilder(key.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '*' or '/')
                builder.Append(c);
            else if (c == ' ')
                builder.Append('+');
            else
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
