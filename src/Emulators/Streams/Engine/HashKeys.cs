using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Emulators.Streams.Engine;

/// <summary>Kinesis's 128-bit hash-key space: a partition key maps to the unsigned big-endian
/// integer of its MD5 digest, and N shards split the space evenly with each starting at
/// i × ⌊2^128 / N⌋ (the last one ends at 2^128 − 1).</summary>
internal static class HashKeys
{
    public static UInt128 OfPartitionKey(string partitionKey)
    {
        Span<byte> digest = stackalloc byte[16];
        var bytes = Encoding.UTF8.GetBytes(partitionKey);
        MD5.HashData(bytes, digest);
        return new UInt128(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));
    }

    public static bool TryParse(string? text, out UInt128 value)
    {
        value = default;
        return !string.IsNullOrEmpty(text) && text.All(char.IsAsciiDigit) &&
               UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static string Format(UInt128 value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The starting hash keys of <paramref name="count"/> even shards.</summary>
    public static UInt128[] EvenStarts(int count)
    {
        var width = UInt128.MaxValue / (UInt128)count;
        // ⌊2^128 / N⌋ differs from ⌊(2^128 − 1) / N⌋ only when N divides 2^128 (a power of two).
        if ((UInt128.MaxValue % (UInt128)count) == (UInt128)count - 1)
            width += 1;
        var starts = new UInt128[count];
        for (var i = 0; i < count; i++)
            starts[i] = width * (UInt128)i;
        return starts;
    }
}
