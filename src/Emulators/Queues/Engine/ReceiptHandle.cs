using System.Buffers.Binary;
using System.Buffers.Text;

namespace Platform.Emulators.Queues.Engine;

/// <summary>What a receipt handle carries: the queue, the message row and the nonce of the receive
/// that issued it. A later receive stores a new nonce, which is what makes older handles stale.</summary>
internal readonly record struct ReceiptHandle(long QueueId, long MessageRowId, long Nonce)
{
    private const byte Version = 1;
    private const int Length = 25;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], QueueId);
        BinaryPrimitives.WriteInt64BigEndian(bytes[9..], MessageRowId);
        BinaryPrimitives.WriteInt64BigEndian(bytes[17..], Nonce);
        return Base64Url.EncodeToString(bytes);
    }

    public static ReceiptHandle Decode(string handle)
    {
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (string.IsNullOrEmpty(handle) || handle.Length != 34 ||
            !Base64Url.TryDecodeFromChars(handle, bytes, out var written) || written != Length || bytes[0] != Version)
            throw QueueErrors.ReceiptHandleIsInvalid(handle ?? "");
        var decoded = new ReceiptHandle(
            BinaryPrimitives.ReadInt64BigEndian(bytes[1..]),
            BinaryPrimitives.ReadInt64BigEndian(bytes[9..]),
            BinaryPrimitives.ReadInt64BigEndian(bytes[17..]));
        return decoded.Nonce == 0 ? throw QueueErrors.ReceiptHandleIsInvalid(handle) : decoded;
    }

    public static long NewNonce() => Random.Shared.NextInt64(1, long.MaxValue);
}
