using System.Globalization;
using Microsoft.Data.Sqlite;
using Platform.Emulators.State;

namespace Platform.Triggers.Checkpoints;

/// <summary>
/// Where every source's position lives in the platform database, so a restarted platform (or a
/// mapping disabled and enabled again) continues after the last thing it handed on instead of from
/// the head. Two shapes, kept in the tables earlier releases wrote so an existing data directory
/// resumes: a journal cursor per S3 notification binding (<c>trigger_checkpoints</c>), and a
/// sequence number per shard of a stream mapping (<c>stream_checkpoints</c>) — a shard's row exists
/// from the moment the mapping first saw it: its starting position (LATEST, AT_TIMESTAMP) is resolved
/// once and stored, never re-resolved.
/// </summary>
public sealed class CheckpointStore
{
    private readonly PlatformDatabase _database;
    private readonly TimeProvider _time;

    public CheckpointStore(PlatformDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS trigger_checkpoints (
                binding_id TEXT PRIMARY KEY,
                position   INTEGER NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS stream_checkpoints (
                mapping_uuid    TEXT NOT NULL,
                shard_id        TEXT NOT NULL,
                sequence_number TEXT,
                ended           INTEGER NOT NULL DEFAULT 0,
                updated_at      TEXT NOT NULL,
                PRIMARY KEY (mapping_uuid, shard_id)
            );
            CREATE TABLE IF NOT EXISTS stream_windows (
                mapping_uuid TEXT NOT NULL,
                shard_id     TEXT NOT NULL,
                lane         INTEGER NOT NULL,
                window_start TEXT NOT NULL,
                state        TEXT NOT NULL,
                PRIMARY KEY (mapping_uuid, shard_id, lane)
            );
            """);
    }

    /// <summary>Fires after every committed checkpoint write.</summary>
    public ChangeSignal Changed { get; } = new();

    // ---- Journal cursors of S3 notification bindings ----

    public long? Get(string bindingId) => _database.Read(connection =>
    {
        using var command = Command(connection, "SELECT position FROM trigger_checkpoints WHERE binding_id = $id", ("$id", bindingId));
        return command.ExecuteScalar() is long position ? position : (long?)null;
    });

    public IReadOnlyDictionary<string, long> ReadAll(string idPrefix) => _database.Read(connection =>
    {
        using var command = Command(connection,
            "SELECT binding_id, position FROM trigger_checkpoints WHERE substr(binding_id, 1, length($prefix)) = $prefix", ("$prefix", idPrefix));
        using var reader = command.ExecuteReader();
        var all = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
            all[reader.GetString(0)] = reader.GetInt64(1);
        return (IReadOnlyDictionary<string, long>)all;
    });

    /// <summary>The binding's stored position, or — for a binding seen for the first time —
    /// <paramref name="initial"/>, stored before this returns.</summary>
    public async Task<long> GetOrCreateAsync(string bindingId, long initial, CancellationToken cancellationToken)
    {
        var position = await _database.WriteAsync(connection =>
        {
            using (var insert = Command(connection,
                       "INSERT OR IGNORE INTO trigger_checkpoints (binding_id, position, updated_at) VALUES ($id, $position, $now)",
                       ("$id", bindingId), ("$position", initial), ("$now", Now())))
                insert.ExecuteNonQuery();

            using var select = Command(connection, "SELECT position FROM trigger_checkpoints WHERE binding_id = $id", ("$id", bindingId));
            return (long)select.ExecuteScalar()!;
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
        return position;
    }

    public Task SaveAsync(string bindingId, long position, CancellationToken cancellationToken) => WriteAsync("""
        INSERT INTO trigger_checkpoints (binding_id, position, updated_at) VALUES ($id, $position, $now)
        ON CONFLICT (binding_id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
        """, cancellationToken, ("$id", bindingId), ("$position", position), ("$now", Now()));

    public Task DeleteAsync(string bindingId, CancellationToken cancellationToken) =>
        WriteAsync("DELETE FROM trigger_checkpoints WHERE binding_id = $id", cancellationToken, ("$id", bindingId));

    // ---- Shard positions of stream mappings ----

    public IReadOnlyDictionary<string, ShardCheckpoint> Read(string mappingUuid) => _database.Read(connection =>
    {
        using var command = Command(connection,
            "SELECT shard_id, sequence_number, ended FROM stream_checkpoints WHERE mapping_uuid = $uuid", ("$uuid", mappingUuid));
        using var reader = command.ExecuteReader();
        var all = new Dictionary<string, ShardCheckpoint>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var shardId = reader.GetString(0);
            all[shardId] = new ShardCheckpoint(shardId, reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2) != 0);
        }

        return (IReadOnlyDictionary<string, ShardCheckpoint>)all;
    });

    /// <summary>Stores the first position of shards seen for the first time, in one commit; rows
    /// that exist already are kept.</summary>
    public async Task AddAsync(string mappingUuid, IReadOnlyCollection<ShardCheckpoint> shards, CancellationToken cancellationToken)
    {
        if (shards.Count == 0)
            return;
        await _database.WriteAsync(connection =>
            {
                foreach (var shard in shards)
                {
                    using var command = Command(connection, """
                        INSERT OR IGNORE INTO stream_checkpoints (mapping_uuid, shard_id, sequence_number, ended, updated_at)
                        VALUES ($uuid, $shard, $sequence, $ended, $now)
                        """, ShardParameters(mappingUuid, shard));
                    command.ExecuteNonQuery();
                }
            }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    public Task SaveAsync(string mappingUuid, ShardCheckpoint checkpoint, CancellationToken cancellationToken) => WriteAsync("""
        INSERT INTO stream_checkpoints (mapping_uuid, shard_id, sequence_number, ended, updated_at)
        VALUES ($uuid, $shard, $sequence, $ended, $now)
        ON CONFLICT (mapping_uuid, shard_id) DO UPDATE SET
            sequence_number = excluded.sequence_number, ended = excluded.ended, updated_at = excluded.updated_at
        """, cancellationToken, ShardParameters(mappingUuid, checkpoint));

    /// <summary>Forgets a deleted mapping's positions (a new mapping starts at its StartingPosition)
    /// and its open windows.</summary>
    public Task DeleteMappingAsync(string mappingUuid, CancellationToken cancellationToken) => WriteAsync("""
        DELETE FROM stream_checkpoints WHERE mapping_uuid = $uuid;
        DELETE FROM stream_windows WHERE mapping_uuid = $uuid;
        """, cancellationToken, ("$uuid", mappingUuid));

    // ---- Open tumbling windows of stream mappings: the state the function returned so far, saved
    // before the checkpoint moves past the records it covers, so a restart continues the window ----

    public IReadOnlyDictionary<int, (DateTimeOffset Start, string State)> ReadWindows(string mappingUuid, string shardId) => _database.Read(connection =>
    {
        using var command = Command(connection,
            "SELECT lane, window_start, state FROM stream_windows WHERE mapping_uuid = $uuid AND shard_id = $shard",
            ("$uuid", mappingUuid), ("$shard", shardId));
        using var reader = command.ExecuteReader();
        var all = new Dictionary<int, (DateTimeOffset, string)>();
        while (reader.Read())
            all[reader.GetInt32(0)] = (DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2));
        return (IReadOnlyDictionary<int, (DateTimeOffset, string)>)all;
    });

    public Task SaveWindowAsync(string mappingUuid, string shardId, int lane, DateTimeOffset start, string state, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO stream_windows (mapping_uuid, shard_id, lane, window_start, state) VALUES ($uuid, $shard, $lane, $start, $state)
            ON CONFLICT (mapping_uuid, shard_id, lane) DO UPDATE SET window_start = excluded.window_start, state = excluded.state
            """, cancellationToken, ("$uuid", mappingUuid), ("$shard", shardId), ("$lane", lane),
            ("$start", start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("$state", state));

    /// <summary>Forgets a lane's window once its final invocation succeeded.</summary>
    public Task DeleteWindowAsync(string mappingUuid, string shardId, int lane, CancellationToken cancellationToken) =>
        WriteAsync("DELETE FROM stream_windows WHERE mapping_uuid = $uuid AND shard_id = $shard AND lane = $lane",
            cancellationToken, ("$uuid", mappingUuid), ("$shard", shardId), ("$lane", lane));

    private (string, object?)[] ShardParameters(string mappingUuid, ShardCheckpoint shard) =>
        [("$uuid", mappingUuid), ("$shard", shard.ShardId), ("$sequence", shard.SequenceNumber), ("$ended", shard.Ended ? 1 : 0), ("$now", Now())];

    private async Task WriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await _database.WriteAsync(connection =>
        {
            using var command = Command(connection, sql, parameters);
            command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
