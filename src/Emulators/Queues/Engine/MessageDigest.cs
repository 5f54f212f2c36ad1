using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Emulators.Queues.Engine;

/// <summary>The digests SQS returns and clients verify: MD5 of the body, MD5 of the message
/// attributes (SQS's own encoding, below), and the SHA-256 used for content-based deduplication.</summary>
public static class MessageDigest
{
    private const byte StringTransport = 1;
    private const byte BinaryTransport = 2;

    public static string Md5OfBody(string body) => Convert.ToHexStringLower(HashUtf8(body, MD5.HashData));

    public static string Sha256OfBody(string body) => Convert.ToHexStringLower(HashUtf8(body, SHA256.HashData));

    /// <summary>SQS's MD5OfMessageAttributes: attributes sorted by name (ordinal); for each, the
    /// name, then the data type, each as a 4-byte big-endian length and UTF-8 bytes; then one
    /// transport byte (1 for String and Number, 2 for Binary); then the value, length-prefixed the
    /// same way. Null when there are no attributes (SQS omits the field).</summary>
    public static string? Md5OfMessageAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        if (attributes.Count == 0)
            return null;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        foreach (var name in attributes.Keys.Order(StringComparer.Ordinal))
        {
            var attribute = attributes[name];
            AppendString(md5, name);
            AppendString(md5, attribute.DataType);
            if (IsBinary(attribute.DataType))
            {
                md5.AppendData([BinaryTransport]);
                AppendBytes(md5, attribute.BinaryValue ?? []);
            }
            else
            {
                md5.AppendData([StringTransport]);
                AppendString(md5, attribute.StringValue ?? "");
            }
        }

        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    internal static bool IsBinary(string dataType) => dataType.StartsWith("Binary", StringComparison.Ordinal);

    private static void AppendString(IncrementalHash hash, string value) => AppendBytes(hash, Encoding.UTF8.GetBytes(value));

    private static void AppendBytes(IncrementalHash hash, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        hash.AppendData(length);
        hash.AppendData(value);
    }

    private delegate int HashInto(ReadOnlySpan<byte> source, Span<byte> destination);

    private static byte[] HashUtf8(string text, HashInto hash)
    {
        // Bodies reach 256 KiB: encode into a pooled buffer instead of a fresh array per message.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            var digest = new byte[64];
            var written = hash(buffer.AsSpan(0, length), digest);
            return digest[..written];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
