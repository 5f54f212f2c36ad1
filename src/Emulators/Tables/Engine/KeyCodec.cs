using System.Text;

namespace Platform.Emulators.Tables.Engine;

/// <summary>Key values as byte strings whose unsigned byte order (SQLite's BLOB order) is
/// DynamoDB's order for the key's type: S by UTF-8 bytes, B by bytes, N numerically.</summary>
internal static class KeyCodec
{
    public static byte[] Encode(AttributeValue value) => value.Kind switch
    {
        AttributeKind.S => Encoding.UTF8.GetBytes(value.S!),
        AttributeKind.B => value.B!,
        AttributeKind.N => value.N.SortableBytes(),
        _ => throw new ArgumentException("Keys are S, N or B.", nameof(value)),
    };

    /// <summary>A stable 31-bit spread of the partition key for Scan's Segment/TotalSegments.</summary>
    public static long Segment(byte[] hashKey)
    {
        var hash = 2166136261u;
        foreach (var b in hashKey)
            hash = (hash ^ b) * 16777619u;
        return hash & 0x7FFFFFFF;
    }
}
