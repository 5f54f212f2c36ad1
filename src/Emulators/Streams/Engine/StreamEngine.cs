using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;

namespace Platform.Emulators.Streams.Engine;

/// <summary>
/// Durable Kinesis-semantics streams in the platform database: shards over the 128-bit hash-key
/// space, records routed by the MD5 of their partition key, increasing sequence numbers per
/// shard, retention, resharding with lineage, and authenticated shard iterators. Every committed
/// put, reshard or deletion fires the stream's <see cref="ChangeSignal"/>, so consumers are pushed,
/// not polled.
/// <para>Streams are addressed by name or ARN. Errors are <see cref="StreamException"/>s with
/// Kinesis's codes.</para>
/// </summary>
public sealed partial class StreamEngine : IStreamRecordSource
{
    private const string ProvisionedMode = "PROVISIONED";
    private const string OnDemandMode = "ON_DEMAND";

    private readonly PlatformDatabase _database;
    private readonly TimeProvider _time;
    private readonly WriterCommands _commands = new();
    private readonly ShardIteratorToken _iterators;

    // Authoritative for lookups: every change goes through this engine and swaps the cached
    // StreamState only after (or, for puts' routing, on the writer thread in order with) its commit.
    private readonly ConcurrentDictionary<string, StreamState> _streams = new(StringComparer.Ordinal);

    // By name, so a consumer waiting on a stream keeps its signal across delete and re-create.
    private readonly ConcurrentDictionary<string, ChangeSignal> _signals = new(StringComparer.Ordinal);

    public StreamEngine(PlatformDatabase database, TimeProvider time, StreamEngineOptions options)
    {
        _database = database;
        _time = time;
        Options = options;
        database.EnsureSchema(StreamSchema.Ddl);
        _iterators = new ShardIteratorToken(LoadOrCreateIteratorKey(database));
        foreach (var stream in database.Read(connection => LoadStreams(connection, null)))
            _streams[stream.Name] = stream;
    }

    public StreamEngineOptions Options { get; }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public string StreamArn(string streamName) =>
        $"arn:aws:kinesis:{Options.Region}:{Options.AccountId}:stream/{streamName}";

    public ChangeSignal Changes(string streamArn) =>
        _signals.GetOrAdd(NameOf(streamArn) ?? streamArn, _ => new ChangeSignal());

    private void Notify(string streamName) => _signals.GetOrAdd(streamName, _ => new ChangeSignal()).Notify();

    /// <summary>The stream name a client's StreamName or StreamARN refers to (not checked to exist).
    /// An ARN of another region or account names no stream here.</summary>
    private string? NameOf(string reference)
    {
        if (!reference.StartsWith("arn:", StringComparison.Ordinal))
            return reference;
        var parts = reference.Split(':', 6);
        if (parts is not ["arn", _, "kinesis", var region, var account, var resource] ||
            region != Options.Region || account != Options.AccountId ||
            !resource.StartsWith("stream/", StringComparison.Ordinal))
            return null;
        var name = resource["stream/".Length..];
        // Consumer ARNs (stream/name/consumer/…) name their stream first.
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? name : name[..slash];
    }

    private StreamState GetStream(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = NameOf(reference);
        if (name is not null && _streams.TryGetValue(name, out var stream))
            return stream;
        throw StreamErrors.NotFound(name ?? reference, Options.AccountId);
    }

    private StreamState? FindById(long id)
    {
        foreach (var stream in _streams.Values)
        {
            if (stream.Id == id)
                return stream;
        }

        return null;
    }

    private ShardState GetShard(StreamState stream, string shardId)
    {
        if (ShardIds.TryParse(shardId, out var index) && stream.Shard(index) is { } shard)
            return shard;
        throw StreamErrors.ShardNotFound(shardId, stream.Name, Options.AccountId);
    }

    private ShardInfo ToInfo(StreamState stream, ShardState shard) => new()
    {
        ShardId = shard.Id,
        ParentShardId = shard.ParentIndex is { } parent ? ShardIds.Format(parent) : null,
        AdjacentParentShardId = shard.AdjacentParentIndex is { } adjacent ? ShardIds.Format(adjacent) : null,
        StartingHashKey = HashKeys.Format(shard.StartingHashKey),
        EndingHashKey = HashKeys.Format(shard.EndingHashKey),
        StartingSequenceNumber = SequenceNumberCodec.Format(stream.Id, shard.Index, shard.StartingPosition),
        EndingSequenceNumber = shard.EndingPosition is { } end ? SequenceNumberCodec.Format(stream.Id, shard.Index, end) : null,
    };

    private StreamDetails ToDetails(StreamState stream) => new()
    {
        StreamName = stream.Name,
        StreamArn = stream.Arn,
        StreamMode = stream.Mode,
        RetentionPeriodHours = stream.RetentionHours,
        StreamCreationTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(stream.CreatedMs),
        Shards = stream.VisibleShards(NowMs).Select(s => ToInfo(stream, s)).ToList(),
    };

    private static byte[] LoadOrCreateIteratorKey(PlatformDatabase database)
    {
        var fresh = RandomNumberGenerator.GetBytes(32);
        return database.WriteAsync(connection =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT OR IGNORE INTO kinesis_keys (name, value) VALUES ('iterator-hmac', $value)";
            insert.Parameters.AddWithValue("$value", fresh);
            insert.ExecuteNonQuery();
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT value FROM kinesis_keys WHERE name = 'iterator-hmac'";
            return (byte[])select.ExecuteScalar()!;
        }).GetAwaiter().GetResult();
    }

    private StreamState? Reload(SqliteConnection connection, string name)
    {
        var stream = LoadStreams(connection, name).SingleOrDefault();
        if (stream is null)
            _streams.TryRemove(name, out _);
        else
            _streams[name] = stream;
        return stream;
    }

    private List<StreamState> LoadStreams(SqliteConnection connection, string? name)
    {
        var shards = new Dictionary<long, List<ShardState>>();
        using (var selectShards = connection.CreateCommand())
        {
            selectShards.CommandText = """
                SELECT s.stream_id, s.shard_index, s.parent_index, s.adjacent_parent_index, s.starting_hash, s.ending_hash,
                       s.starting_position, s.ending_position, s.created_ms, s.closed_ms
                FROM kinesis_shards s JOIN kinesis_streams t ON t.id = s.stream_id
                """ + (name is null ? "" : " WHERE t.name = $name") + " ORDER BY s.stream_id, s.shard_index";
            if (name is not null)
                selectShards.Parameters.AddWithValue("$name", name);
            using var reader = selectShards.ExecuteReader();
            while (reader.Read())
            {
                var streamId = reader.GetInt64(0);
                if (!shards.TryGetValue(streamId, out var list))
                    shards[streamId] = list = [];
                HashKeys.TryParse(reader.GetString(4), out var start);
                HashKeys.TryParse(reader.GetString(5), out var end);
                list.Add(new ShardState(reader.GetInt32(1),
                    reader.IsDBNull(2) ? null : reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    start, end, reader.GetInt64(6),
                    reader.IsDBNull(7) ? null : reader.GetInt64(7),
                    reader.GetInt64(8),
                    reader.IsDBNull(9) ? null : reader.GetInt64(9)));
            }
        }

        var streams = new List<StreamState>();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, name, mode, retention_hours, created_ms, tags, next_shard_index FROM kinesis_streams" +
                             (name is null ? "" : " WHERE name = $name");
        if (name is not null)
            select.Parameters.AddWithValue("$name", name);
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                var streamName = reader.GetString(1);
                var tags = JsonSerializer.Deserialize(reader.GetString(5), StreamJsonContext.Default.DictionaryStringString) ?? [];
                streams.Add(new StreamState(id, streamName, StreamArn(streamName), reader.GetString(2), reader.GetInt32(3),
                    reader.GetInt64(4), tags.ToImmutableSortedDictionary(StringComparer.Ordinal),
                    [.. shards.GetValueOrDefault(id) ?? []], reader.GetInt32(6)));
            }
        }

        return streams;
    }
}
