using Platform.Emulators.State;

namespace Platform.Emulators.Streams.Engine;

/// <summary>
/// What the Kinesis event source mapping reads from the stream engine: shards with their lineage,
/// records after a position, and a signal that fires on every write — so records reach functions
/// as soon as they are put (push), not on a GetRecords poll interval. The Kinesis API's iterators
/// are built on the same reads. Positions are sequence numbers: "after" null means from the trim
/// horizon (the oldest retained record).
/// </summary>
public interface IStreamRecordSource
{
    /// <summary>The stream's shards, open and closed (closed ones while they still hold retained
    /// records), with parent ids so children are read only after their parents are drained.
    /// Accepts a stream name or ARN; throws <see cref="StreamException"/> ResourceNotFoundException.</summary>
    StreamShards GetShards(string streamNameOrArn);

    /// <summary>Up to <paramref name="limit"/> records of the shard with a sequence number greater
    /// than <paramref name="afterSequenceNumber"/> (null: from the oldest retained record), in order.</summary>
    ShardRead Read(string streamArn, string shardId, string? afterSequenceNumber, int limit);

    /// <summary>The position just before the first record that arrived at or after
    /// <paramref name="timestamp"/> (AT_TIMESTAMP): pass it as "after" to <see cref="Read"/>. Null
    /// means from the oldest retained record.</summary>
    string? PositionAtTimestamp(string streamArn, string shardId, DateTimeOffset timestamp);

    /// <summary>The sequence number of the shard's newest record (LATEST starts after it); null when
    /// the shard has none yet.</summary>
    string? LatestSequenceNumber(string streamArn, string shardId);

    /// <summary>Fires after every committed put, reshard or deletion of the stream.</summary>
    ChangeSignal Changes(string streamArn);
}
