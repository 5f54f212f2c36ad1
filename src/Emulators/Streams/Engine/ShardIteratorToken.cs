using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Platform.Emulators.Streams.Engine;

/// <summary>
/// A shard iterator: stream id, shard index, the position after which reading continues, and the
/// issue time, sealed with an HMAC under a key kept in the data directory's database — so an
/// iterator survives a restart, a forged or altered one is refused, and its 5-minute life is
/// measured from a time the client cannot change.
/// </summary>
internal sealed class ShardIteratorToken(byte[] key)
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 4 + 8 + 8;
    private const int MacLength = 20;

    public string Issue(long streamId, int shardIndex, long afterPosition, long issuedMs)
    {
        Span<byte> buffer = stackalloc byte[PayloadLength + MacLength];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], streamId);
        BinaryPrimitives.WriteInt32BigEndian(buffer[9..], shardIndex);
        BinaryPrimitives.WriteInt64BigEndian(buffer[13..], afterPosition);
        BinaryPrimitives.WriteInt64BigEndian(buffer[21..], issuedMs);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, buffer[..PayloadLength], mac);
        mac[..MacLength].CopyTo(buffer[PayloadLength..]);
        return Base64Url.EncodeToString(buffer);
    }

    public bool TryRead(string? token, out long streamId, out int shardIndex, out long afterPosition, out long issuedMs)
    {
        streamId = 0;
        shardIndex = 0;
        afterPosition = 0;
        issuedMs = 0;
        if (token is null || token.Length is 0 or > 512 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return false;
        Span<byte> buffer = stackalloc byte[PayloadLength + MacLength];
        int written;
        try
        {
            if (!Base64Url.TryDecodeFromChars(token, buffer, out written))
                return false;
        }
        catch (FormatException)
        {
            // A length no base64url text can have.
            return false;
        }

        if (written != buffer.Length || buffer[0] != Version)
            return false;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, buffer[..PayloadLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], buffer[PayloadLength..]))
            return false;
        streamId = BinaryPrimitives.ReadInt64BigEndian(buffer[1..]);
        shardIndex = BinaryPrimitives.ReadInt32BigEndian(buffer[9..]);
        afterPosition = BinaryPrimitives.ReadInt64BigEndian(buffer[13..]);
        issuedMs = BinaryPrimitives.ReadInt64BigEndian(buffer[21..]);
        return true;
    }
}
