using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Streams.Engine;

public sealed partial class StreamEngine
{
    public const int MaxRecordBytes = 1024 * 1024;
    public const int MaxPutRecordsCount = 500;
    public const int MaxPutRecordsBytes = 5 * 1024 * 1024;
    private const int MaxPartitionKeyLength = 256;
    private const long TrimEveryMs = 60_000;

    // Writer-thread only: per-shard throughput windows (opt-in limits) and when each stream was last trimmed.
    private readonly Dictionary<(long Stream, int Shard), ShardThroughput> _throughput = [];
    private readonly Dictionary<long, long> _lastTrimMs = [];

    /// <summary>PutRecord: one record, committed before this returns.</summary>
    public async Task<PutRecordOutcome> PutRecordAsync(string streamNameOrArn, PutRecordEntry record,
        string? sequenceNumberForOrdering = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var stream = GetStream(streamNameOrArn);
        var hashKey = Validate(record, "");
        if (sequenceNumberForOrdering is not null && !SequenceNumberCodec.IsWellFormed(sequenceNumberForOrdering))
            throw StreamErrors.InvalidArgument($"ExclusiveMinimumSequenceNumber {sequenceNumberForOrdering} used in PutRecord on stream {stream.Name} under account {Options.AccountId} is invalid.");
        var outcome = (await AppendAsync(stream, [record], [hashKey], cancellationToken).ConfigureAwait(false))[0];
        if (outcome.ErrorCode is { } code)
            throw new StreamException(code, outcome.ErrorMessage ?? code);
        return outcome;
    }

    /// <summary>PutRecords: up to 500 records and 5 MiB, committed together. A record refused by the
    /// (opt-in) shard limits fails on its own; invalid input refuses the whole request, as in Kinesis.</summary>
    public async Task<IReadOnlyList<PutRecordOutcome>> PutRecordsAsync(string streamNameOrArn, IReadOnlyList<PutRecordEntry> records,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
            throw StreamErrors.Validation("[]", "records", "Member must have length greater than or equal to 1");
        if (records.Count > MaxPutRecordsCount)
            throw StreamErrors.Validation($"[{records.Count} records]", "records", "Member must have length less than or equal to 500");
        var stream = GetStream(streamNameOrArn);
        var hashKeys = new UInt128[records.Count];
        long total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            hashKeys[i] = Validate(records[i], $"records.{i + 1}.member.");
            total += records[i].Data.Length + Encoding.UTF8.GetByteCount(records[i].PartitionKey);
        }

        if (total > MaxPutRecordsBytes)
            throw StreamErrors.InvalidArgument($"Records size exceeds 5 MB limit: {total} bytes.");
        return await AppendAsync(stream, records, hashKeys, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PutRecordOutcome>> AppendAsync(StreamState stream, IReadOnlyList<PutRecordEntry> records,
        UInt128[] hashKeys, CancellationToken cancellationToken)
    {
        var outcomes = await _database.WriteAsync(connection =>
        {
            var current = Current(stream);
            var now = NowMs;
            var results = new PutRecordOutcome[records.Count];
            // Positions are assigned here, not by SQLite: the writer is single, so the next one is
            // the sequence's maximum plus one (an explicit rowid still advances AUTOINCREMENT's
            // sequence), and the INSERT needs no RETURNING reader per record.
            var position = CurrentPosition(connection);
            var insert = _commands.Get(connection, """
                INSERT INTO kinesis_records (position, stream_id, shard_index, partition_key, data, arrival_ms)
                VALUES ($position, $stream, $shard, $key, $data, $now)
                """);
            for (var i = 0; i < records.Count; i++)
            {
                var shard = Route(current, hashKeys[i]);
                var record = records[i];
                if (Options.EnforceShardLimits && !Admit(current.Id, shard.Index, record, now))
                {
                    results[i] = new PutRecordOutcome(null, null, "ProvisionedThroughputExceededException",
                        $"Rate exceeded for shard {shard.Id} in stream {current.Name} under account {Options.AccountId}.");
                    continue;
                }

                insert.Set("$stream", current.Id);
                insert.Set("$shard", shard.Index);
                insert.Set("$key", record.PartitionKey);
                insert.Set("$data", record.Data);
                insert.Set("$now", now);
                insert.Set("$position", ++position);
                insert.ExecuteNonQuery();
                results[i] = new PutRecordOutcome(shard.Id, SequenceNumberCodec.Format(current.Id, shard.Index, position));
            }

            if (now - _lastTrimMs.GetValueOrDefault(current.Id) >= TrimEveryMs)
            {
                _lastTrimMs[current.Id] = now;
                Trim(connection, current, now);
            }

            return results;
        }, cancellationToken).ConfigureAwait(false);
        Notify(stream.Name);
        return outcomes;
    }

    private static ShardState Route(StreamState stream, UInt128 hashKey)
    {
        foreach (var shard in stream.Shards)
        {
            if (shard.IsOpen && shard.Covers(hashKey))
                return shard;
        }

        // Open shards always cover the whole space; only a corrupt database gets here.
        throw new StreamException("InternalFailure", "No open shard covers the hash key.", 500);
    }

    private bool Admit(long streamId, int shardIndex, PutRecordEntry record, long nowMs)
    {
        if (!_throughput.TryGetValue((streamId, shardIndex), out var window))
            _throughput[(streamId, shardIndex)] = window = new ShardThroughput();
        var second = nowMs / 1000;
        if (window.Second != second)
        {
            window.Second = second;
            window.Records = 0;
            window.Bytes = 0;
        }

        var bytes = record.Data.Length + Encoding.UTF8.GetByteCount(record.PartitionKey);
        if (window.Records + 1 > 1000 || window.Bytes + bytes > MaxRecordBytes)
            return false;
        window.Records++;
        window.Bytes += bytes;
        return true;
    }

    private static UInt128 Validate(PutRecordEntry record, string member)
    {
        if (record.PartitionKey is null || record.PartitionKey.Length is 0 or > MaxPartitionKeyLength)
            throw StreamErrors.Validation(Truncate(record.PartitionKey), member + "partitionKey",
                "Member must have length between 1 and 256");
        if (record.Data is null)
            throw StreamErrors.Validation("null", member + "data", "Member must not be null");
        if (record.Data.Length > MaxRecordBytes)
            throw StreamErrors.Validation("java.nio.HeapByteBuffer[pos=0 lim=" + record.Data.Length.ToString(CultureInfo.InvariantCulture) + "]",
                member + "data", "Member must have length less than or equal to 1048576");
        if (record.Data.Length + Encoding.UTF8.GetByteCount(record.PartitionKey) > MaxRecordBytes)
            throw StreamErrors.InvalidArgument("The record's data and partition key together exceed the 1 MiB limit.");
        if (record.ExplicitHashKey is null)
            return HashKeys.OfPartitionKey(record.PartitionKey);
        if (!HashKeys.TryParse(record.ExplicitHashKey, out var explicitKey))
            throw StreamErrors.InvalidArgument($"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {record.ExplicitHashKey}");
        return explicitKey;
    }

    private static string Truncate(string? value) => value is null ? "null" : value.Length <= 64 ? value : value[..64] + "…";

    /// <summary>Deletes records older than the stream's retention period. Reads already hide them
    /// (they filter by arrival time), so this only reclaims space; puts call it once a minute.</summary>
    public async Task TrimExpiredAsync(string streamNameOrArn, CancellationToken cancellationToken = default)
    {
        var stream = GetStream(streamNameOrArn);
        await _database.WriteAsync(connection =>
        {
            var now = NowMs;
            _lastTrimMs[stream.Id] = now;
            Trim(connection, Current(stream), now);
        }, cancellationToken).ConfigureAwait(false);
    }

    private void Trim(SqliteConnection connection, StreamState stream, long nowMs)
    {
        var cutoff = nowMs - stream.RetentionMs;
        // Per shard the index is in position order and arrival grows with position, so the
        // subquery stops at the first record kept: the cost is the number of records deleted.
        var delete = _commands.Get(connection, """
            DELETE FROM kinesis_records WHERE stream_id = $stream AND shard_index = $shard AND position < COALESCE(
                (SELECT position FROM kinesis_records WHERE stream_id = $stream AND shard_index = $shard AND arrival_ms > $cutoff
                 ORDER BY position LIMIT 1), 9223372036854775807)
            """);
        foreach (var shard in stream.Shards)
        {
            delete.Set("$stream", stream.Id);
            delete.Set("$shard", shard.Index);
            delete.Set("$cutoff", cutoff);
            delete.ExecuteNonQuery();
        }
    }

    private sealed class ShardThroughput
    {
        public long Second { get; set; } = -1;
        public int Records { get; set; }
        public long Bytes { get; set; }
    }
}
