using Platform.Emulators.State;

namespace Platform.Emulators.Tables.Engine;

/// <summary>
/// What a DynamoDB Streams event source mapping reads from the table engine, protocol-free: a
/// table's streams, records of a shard in order after a checkpoint, and a signal that fires after
/// every committed change — so records reach functions as soon as they are written, not on a poll
/// interval. Positions are sequence numbers; "after" null means from the trim horizon. Each stream
/// has one shard (<see cref="TableStreamInfo.ShardId"/>).
/// </summary>
public interface ITableStreamSource
{
    /// <summary>The stream by ARN; throws <see cref="TableException"/> ResourceNotFoundException.</summary>
    TableStreamInfo GetStream(string streamArn);

    /// <summary>Up to <paramref name="limit"/> records with a sequence number greater than
    /// <paramref name="afterSequenceNumber"/> (null: from the oldest retained), in commit order.</summary>
    TableStreamRead Read(string streamArn, string shardId, string? afterSequenceNumber, int limit);

    /// <summary>The newest record's sequence number (LATEST starts after it); null when there is none.</summary>
    string? LatestSequenceNumber(string streamArn, string shardId);

    /// <summary>Fires after every commit that added records to the stream, and when it is disabled.</summary>
    ChangeSignal Changes(string streamArn);
}
