using System.Globalization;
using System.Text;

namespace Platform.Emulators.Tables.Engine;

public sealed partial class TableEngine : ITableStreamSource
{
    private const long IteratorLifetimeMs = 15 * 60 * 1000;

    public static string FormatSequenceNumber(long position) => position.ToString("D21", CultureInfo.InvariantCulture);

    private static long ParseSequenceNumber(string value) =>
        value.Length is > 0 and <= 21 && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : throw TableErrors.Validation($"Invalid SequenceNumber: {value}");

    /// <summary>ListStreams: the streams of one table or of all, newest last, including disabled ones still retained.</summary>
    public IReadOnlyList<TableStreamInfo> ListStreams(string? tableName) =>
        _streams.Values.Where(s => tableName is null || s.TableName == tableName).OrderBy(s => s.Id).ToList();

    public TableStreamInfo GetStream(string streamArn)
    {
        foreach (var stream in _streams.Values)
        {
            if (stream.Arn == streamArn)
                return stream;
        }

        throw TableErrors.ResourceNotFound($"Requested resource not found: Stream: {streamArn} not found");
    }

    private TableStreamInfo GetShard(string streamArn, string shardId)
    {
        var stream = GetStream(streamArn);
        if (shardId != stream.ShardId)
            throw TableErrors.ResourceNotFound($"Requested resource not found: Shard: {shardId} in Stream: {streamArn} not found");
        return stream;
    }

    /// <summary>The (first, last) retained sequence numbers of the stream's shard, null when empty.</summary>
    public (string? First, string? Last) SequenceRange(string streamArn)
    {
        var stream = GetStream(streamArn);
        var cutoff = NowMs - (long)Options.StreamRetention.TotalMilliseconds;
        return _database.Read(connection =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT MIN(position), MAX(position) FROM ddb_stream_records WHERE stream_id = $s AND created_ms >= $cutoff";
            select.Parameters.AddWithValue("$s", stream.Id);
            select.Parameters.AddWithValue("$cutoff", cutoff);
            using var reader = select.ExecuteReader();
            reader.Read();
            return reader.IsDBNull(0) ? ((string?)null, (string?)null) : (FormatSequenceNumber(reader.GetInt64(0)), FormatSequenceNumber(reader.GetInt64(1)));
        });
    }

    public string? LatestSequenceNumber(string streamArn, string shardId)
    {
        GetShard(streamArn, shardId);
        return SequenceRange(streamArn).Last;
    }

    public TableStreamRead Read(string streamArn, string shardId, string? afterSequenceNumber, int limit)
    {
        var stream = GetShard(streamArn, shardId);
        var after = afterSequenceNumber is null ? 0 : ParseSequenceNumber(afterSequenceNumber);
        var cutoff = NowMs - (long)Options.StreamRetention.TotalMilliseconds;
        var records = _database.Read(connection =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT position, created_ms, event_id, event_name, keys, new_image, old_image, size, by_service
                FROM ddb_stream_records WHERE stream_id = $s AND position > $after AND created_ms >= $cutoff
                ORDER BY position LIMIT $limit
                """;
            select.Parameters.AddWithValue("$s", stream.Id);
            select.Parameters.AddWithValue("$after", after);
            select.Parameters.AddWithValue("$cutoff", cutoff);
            select.Parameters.AddWithValue("$limit", limit);
            using var reader = select.ExecuteReader();
            var list = new List<TableStreamRecord>();
            while (reader.Read())
            {
                list.Add(new TableStreamRecord(
                    FormatSequenceNumber(reader.GetInt64(0)),
                    reader.GetString(2),
                    reader.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    AttributeJson.ReadItem((byte[])reader[4]),
                    reader.IsDBNull(5) ? null : AttributeJson.ReadItem((byte[])reader[5]),
                    reader.IsDBNull(6) ? null : AttributeJson.ReadItem((byte[])reader[6]),
                    reader.GetInt32(7),
                    stream.ViewType,
                    reader.GetInt64(8) != 0));
            }

            return list;
        });
        // A disabled stream gets no more records: once a read comes back short, the shard has ended.
        var ended = !stream.Enabled && records.Count < limit;
        return new TableStreamRead(records, ended);
    }

    /// <summary>GetShardIterator: an opaque token naming the stream, shard and position (and when it
    /// was issued: iterators expire after 15 minutes, as DynamoDB Streams').</summary>
    public string GetShardIterator(string streamArn, string shardId, string type, string? sequenceNumber)
    {
        GetShard(streamArn, shardId);
        long after;
        switch (type)
        {
            case "TRIM_HORIZON":
                after = 0;
                break;
            case "LATEST":
                after = SequenceRange(streamArn).Last is { } last ? ParseSequenceNumber(last) : 0;
                break;
            case "AT_SEQUENCE_NUMBER" or "AFTER_SEQUENCE_NUMBER":
                if (sequenceNumber is null)
                    throw TableErrors.Validation($"Must specify a sequence number with ShardIteratorType {type}");
                after = ParseSequenceNumber(sequenceNumber) - (type == "AT_SEQUENCE_NUMBER" ? 1 : 0);
                break;
            default:
                throw TableErrors.Constraint(type, "shardIteratorType", "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
        }

        return Iterator(streamArn, shardId, after);
    }

    private string Iterator(string streamArn, string shardId, long after) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('|', streamArn, shardId,
            after.ToString(CultureInfo.InvariantCulture), NowMs.ToString(CultureInfo.InvariantCulture))));

    /// <summary>GetRecords: records after the iterator's position and the next iterator (null when the
    /// shard of a disabled stream has been read to its end).</summary>
    public (TableStreamRead Read, string? NextIterator) GetRecords(string iterator, int limit)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Convert.FromBase64String(iterator)).Split('|');
        }
        catch (FormatException)
        {
            throw TableErrors.Validation("Invalid ShardIterator");
        }

        if (parts.Length != 4 || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var after) ||
            !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var issued))
            throw TableErrors.Validation("Invalid ShardIterator");
        if (NowMs - issued > IteratorLifetimeMs)
            throw new TableException("ExpiredIteratorException", "Iterator expired");
        var read = Read(parts[0], parts[1], after == 0 ? null : FormatSequenceNumber(after), limit);
        var next = read.Records.Count > 0 ? ParseSequenceNumber(read.Records[^1].SequenceNumber) : after;
        return (read, read.ShardEnded ? null : Iterator(parts[0], parts[1], next));
    }
}
