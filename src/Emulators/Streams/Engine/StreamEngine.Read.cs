using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Streams.Engine;

public sealed partial class StreamEngine
{
    public const int MaxGetRecordsLimit = 10_000;
    private const long MaxGetRecordsBytes = 10L * 1024 * 1024;

    public StreamShards GetShards(string streamNameOrArn)
    {
        var stream = GetStream(streamNameOrArn);
        return new StreamShards(stream.Name, stream.Arn, stream.VisibleShards(NowMs).Select(s => ToInfo(stream, s)).ToList());
    }

    public ShardRead Read(string streamArn, string shardId, string? afterSequenceNumber, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var stream = GetStream(streamArn);
        var shard = GetShard(stream, shardId);
        var after = afterSequenceNumber is null
            ? shard.StartingPosition
            : PositionOf(stream, shard, afterSequenceNumber, "AfterSequenceNumber");
        var (records, _, ended, behind) = ReadCore(stream, shard, after, limit);
        return new ShardRead(records, ended, behind);
    }

    public string? PositionAtTimestamp(string streamArn, string shardId, DateTimeOffset timestamp)
    {
        var stream = GetStream(streamArn);
        var shard = GetShard(stream, shardId);
        return SequenceNumberCodec.Format(stream.Id, shard.Index, PositionBefore(stream, shard, timestamp));
    }

    public string? LatestSequenceNumber(string streamArn, string shardId)
    {
        var stream = GetStream(streamArn);
        var shard = GetShard(stream, shardId);
        return NewestRecord(stream, shard) is { } newest
            ? SequenceNumberCodec.Format(stream.Id, shard.Index, newest.Position)
            : null;
    }

    /// <summary>Records of the shard after <paramref name="after"/>, within the retention period, at
    /// most <paramref name="limit"/> and about 10 MiB. The shard has ended when the database says it
    /// is closed and nothing follows: closure is read before the records, so a reshard committed
    /// with records still in flight can never make a reader skip them.</summary>
    private (List<StreamRecord> Records, long LastPosition, bool Ended, long MillisBehind) ReadCore(
        StreamState stream, ShardState shard, long after, int limit)
    {
        var cutoff = NowMs - stream.RetentionMs;
        return _database.Read(connection =>
        {
            var closed = IsClosedInDatabase(connection, stream.Id, shard.Index);
            var records = new List<StreamRecord>(Math.Min(limit, 1024));
            var last = after;
            var more = false;
            long bytes = 0;
            long lastArrival = 0;
            using (var select = connection.CreateCommand())
            {
                select.CommandText = """
                    SELECT position, partition_key, data, arrival_ms FROM kinesis_records
                    WHERE stream_id = $stream AND shard_index = $shard AND position > $after AND arrival_ms > $cutoff
                    ORDER BY position LIMIT $limit
                    """;
                select.Parameters.AddWithValue("$stream", stream.Id);
                select.Parameters.AddWithValue("$shard", shard.Index);
                select.Parameters.AddWithValue("$after", after);
                select.Parameters.AddWithValue("$cutoff", cutoff);
                select.Parameters.AddWithValue("$limit", limit + 1);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    if (records.Count == limit || (records.Count > 0 && bytes >= MaxGetRecordsBytes))
                    {
                        more = true;
                        break;
                    }

                    var position = reader.GetInt64(0);
                    var data = (byte[])reader.GetValue(2);
                    lastArrival = reader.GetInt64(3);
                    bytes += data.Length;
                    last = position;
                    records.Add(new StreamRecord
                    {
                        SequenceNumber = SequenceNumberCodec.Format(stream.Id, shard.Index, position),
                        PartitionKey = reader.GetString(1),
                        Data = data,
                        ApproximateArrivalTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(lastArrival),
                    });
                }
            }

            var behind = 0L;
            if (more && NewestRecord(connection, stream.Id, shard.Index) is { } newest)
                behind = Math.Max(0, newest.ArrivalMs - lastArrival);
            return (records, last, closed && !more, behind);
        });
    }

    private static bool IsClosedInDatabase(SqliteConnection connection, long streamId, int shardIndex)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT ending_position FROM kinesis_shards WHERE stream_id = $stream AND shard_index = $shard";
        select.Parameters.AddWithValue("$stream", streamId);
        select.Parameters.AddWithValue("$shard", shardIndex);
        return select.ExecuteScalar() is long;
    }

    private (long Position, long ArrivalMs)? NewestRecord(StreamState stream, ShardState shard) =>
        _database.Read(connection => NewestRecord(connection, stream.Id, shard.Index));

    private static (long Position, long ArrivalMs)? NewestRecord(SqliteConnection connection, long streamId, int shardIndex)
    {
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT position, arrival_ms FROM kinesis_records WHERE stream_id = $stream AND shard_index = $shard
            ORDER BY position DESC LIMIT 1
            """;
        select.Parameters.AddWithValue("$stream", streamId);
        select.Parameters.AddWithValue("$shard", shardIndex);
        using var reader = select.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    /// <summary>The position just before the shard's first retained record that arrived at or after
    /// <paramref name="timestamp"/>; when none has yet, the position now (records still to come).</summary>
    private long PositionBefore(StreamState stream, ShardState shard, DateTimeOffset timestamp)
    {
        var at = Math.Max(timestamp.ToUnixTimeMilliseconds(), NowMs - stream.RetentionMs + 1);
        return _database.Read(connection =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT position FROM kinesis_records
                WHERE stream_id = $stream AND shard_index = $shard AND arrival_ms >= $at
                ORDER BY position LIMIT 1
                """;
            select.Parameters.AddWithValue("$stream", stream.Id);
            select.Parameters.AddWithValue("$shard", shard.Index);
            select.Parameters.AddWithValue("$at", at);
            if (select.ExecuteScalar() is long first)
                return first - 1;
            return LatestPosition(connection, shard);
        });
    }

    /// <summary>Where LATEST starts: after every record committed so far (a closed shard: its end).</summary>
    private static long LatestPosition(SqliteConnection connection, ShardState shard)
    {
        if (shard.EndingPosition is { } end)
            return end;
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = 'kinesis_records'";
        return Math.Max(select.ExecuteScalar() is long position ? position : 0, shard.StartingPosition);
    }

    /// <summary>A sequence number given for this shard, as a position; InvalidArgumentException when
    /// it is malformed or belongs to another stream or shard.</summary>
    private long PositionOf(StreamState stream, ShardState shard, string sequenceNumber, string parameter)
    {
        if (!SequenceNumberCodec.TryParse(sequenceNumber, out var streamId, out var shardIndex, out var position) || streamId != stream.Id)
            throw StreamErrors.InvalidArgument(
                $"{parameter} {sequenceNumber} used on shard {shard.Id} in stream {stream.Name} under account {Options.AccountId} is invalid.");
        if (shardIndex != shard.Index)
            throw StreamErrors.InvalidArgument(
                $"Invalid {parameter}. It encodes {ShardIds.Format(shardIndex)}, while it was used in a call to a shard with {shard.Id}");
        return position;
    }
}
