namespace Platform.Emulators.Streams.Engine;

/// <summary>Kinesis sequence numbers are decimal strings without leading zeros that grow per shard;
/// longer means larger, so they compare by length, then ordinally.</summary>
public static class SequenceNumbers
{
    public static int Compare(string? left, string? right)
    {
        if (left is null || right is null)
            return left is null ? (right is null ? 0 : -1) : 1;
        return left.Length != right.Length
            ? left.Length.CompareTo(right.Length)
            : string.CompareOrdinal(left, right);
    }
}
