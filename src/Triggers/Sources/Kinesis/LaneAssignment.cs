using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>ParallelizationFactor: which of a shard's lanes a record goes to. By partition key, so
/// all records of a key go through one lane, in order, as Lambda keeps order per partition key.</summary>
public static class LaneAssignment
{
    public static int LaneOf(string partitionKey, int lanes)
    {
        if (lanes <= 1)
            return 0;
        // MD5, as Kinesis maps partition keys to shards: stable across processes and restarts.
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(Encoding.UTF8.GetBytes(partitionKey), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)lanes);
    }
}
