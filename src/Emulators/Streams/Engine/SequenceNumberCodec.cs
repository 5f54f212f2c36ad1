using System.Globalization;

namespace Platform.Emulators.Streams.Engine;

/// <summary>
/// Sequence numbers are 56 decimal digits like Kinesis's: "49", the stream id (12 digits), the
/// shard index (12) and the record's position in the database's record order (30). The position
/// only grows (one writer, AUTOINCREMENT), so numbers grow per shard and compare with
/// <see cref="SequenceNumbers.Compare"/>; and a number names its shard, so one used on another
/// shard is refused as Kinesis refuses it.
/// </summary>
internal static class SequenceNumberCodec
{
    private const int Length = 56;

    public static string Format(long streamId, int shardIndex, long position) =>
        string.Create(CultureInfo.InvariantCulture, $"49{streamId:D12}{shardIndex:D12}{position:D30}");

    public static bool TryParse(string? text, out long streamId, out int shardIndex, out long position)
    {
        streamId = 0;
        shardIndex = 0;
        position = 0;
        if (text is not { Length: Length } || !text.StartsWith("49", StringComparison.Ordinal) || !text.All(char.IsAsciiDigit))
            return false;
        return long.TryParse(text.AsSpan(2, 12), NumberStyles.None, CultureInfo.InvariantCulture, out streamId) &&
               int.TryParse(text.AsSpan(14, 12), NumberStyles.None, CultureInfo.InvariantCulture, out shardIndex) &&
               long.TryParse(text.AsSpan(26, 30), NumberStyles.None, CultureInfo.InvariantCulture, out position);
    }

    /// <summary>Any well-formed Kinesis sequence number (SequenceNumberForOrdering may come from a
    /// real stream): up to 128 digits.</summary>
    public static bool IsWellFormed(string text) => text is { Length: > 0 and <= 128 } && text.All(char.IsAsciiDigit);
}
