using Platform.Emulators.Streams.Engine;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>How many waiting records make the next batch: up to BatchSize, and no more than fits in
/// one 6 MB invocation payload (always at least one record).</summary>
public static class BatchAssembler
{
    public static int Take(IEnumerable<StreamRecord> waiting, int batchSize, int maxPayloadBytes = KinesisEventBuilder.MaxPayloadBytes)
    {
        var count = 0;
        var bytes = 64;
        foreach (var record in waiting)
        {
            if (count == batchSize)
                break;
            var size = KinesisEventBuilder.EstimatedSize(record);
            if (count > 0 && bytes + size > maxPayloadBytes)
                break;
            bytes += size;
            count++;
        }

        return count;
    }

    /// <summary>True when the waiting records already fill a batch (count or payload), so the
    /// batching window need not be waited out.</summary>
    public static bool IsFull(int waitingCount, long waitingBytes, int batchSize) =>
        waitingCount >= batchSize || waitingBytes + 64 >= KinesisEventBuilder.MaxPayloadBytes;
}
