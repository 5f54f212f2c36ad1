using System.Text;

namespace Platform.Emulators.Storage.Engine;

/// <summary>S3 orders keys by their UTF-8 bytes; .NET's ordinal order (UTF-16) differs above U+D7FF.</summary>
internal static class Utf8Order
{
    public static int Compare(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    /// <summary>The smallest byte string greater than every string starting with <paramref name="prefix"/>.
    /// Valid UTF-8 never ends in 0xFF, so incrementing the last byte cannot overflow.</summary>
    public static byte[] UpperBound(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        bytes[^1]++;
        return bytes;
    }
}
