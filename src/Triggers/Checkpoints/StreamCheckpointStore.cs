using System.Globalization;
using Platform.Emulators.State;

namespace Platform.Triggers.Checkpoints;

/// <summary>
/// Where each stream mapping's position per shard lives (table <c>stream_checkpoints</c> of the
/// platform database), so a restarted platform, or a mapping disabled and enabled again, resumes
/// after the last processed record. A row exists from the moment the mapping first saw the shard:
/// the starting position (LATEST, AT_TIMESTAMP) is resolved once and stored, never re-resolved.
/// </summary>
public sealed class StreamCheckpointStore
{
    private readonly PlatformDatabase _database;
    private readonly TimeProvider _time;

    public StreamCheckpointStore(PlatformDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS stream_checkpoints (
                mapping_uuid    TEXT NOT NULL,
                shard_id        TEXT NOT NULL,
                sequence_number TEXT,
                ended           INTEGER NOT NULL DEFAULT 0,
                updated_at      TEXT NOT NULL,
                PRIMARY KEY (mapping_uuid, shard_id)
            );
            """);
    }

    /// <summary>Fires after every committed checkpoint write.</summary>
    public ChangeSignal Changed { get; } = new();

    public IReadOnlyDictionary<string, ShardCheckpoint> Read(string mappingUuid) => _database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT shard_id, sequence_number, ended FROM stream_checkpoints WHERE mapping_uuid = $uuid";
        command.Parameters.AddWithValue("$uuid", mappingUuid);
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
                    using var command = connection.CreateCommand();
                    command.CommandText = """
                        INSERT OR IGNORE INTO stream_checkpoints (mapping_uuid, shard_id, sequence_number, ended, updated_at)
                        VALUES ($uuid, $shard, $sequence, $ended, $now)
                        """;
                    command.Parameters.AddWithValue("$uuid", mappingUuid);
                    command.Parameters.AddWithValue("$shard", shard.ShardId);
                    command.Parameters.AddWithValue("$sequence", (object?)shard.SequenceNumber ?? DBNull.Value);
                    command.Parameters.AddWithValue("$ended", shard.Ended ? 1 : 0);
                    command.Parameters.AddWithValue("$now", Now());
                    command.ExecuteNonQuery();
                }
            }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    public async Task SaveAsync(string mappingUuid, ShardCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await _database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO stream_checkpoints (mapping_uuid, shard_id, sequence_number, ended, updated_at)
                VALUES ($uuid, $shard, $sequence, $ended, $now)
                ON CONFLICT (mapping_uuid, shard_id) DO UPDATE SET
                    sequence_number = excluded.sequence_number, ended = excluded.ended, updated_at = excluded.updated_at
                """;
            command.Parameters.AddWithValue("$uuid", mappingUuid);
            command.Parameters.AddWithValue("$shard", checkpoint.ShardId);
            command.Parameters.AddWithValue("$sequence", (object?)checkpoint.SequenceNumber ?? DBNull.Value);
            command.Parameters.AddWithValue("$ended", checkpoint.Ended ? 1 : 0);
            command.Parameters.AddWithValue("$now", Now());
            command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    /// <summary>Forgets a deleted mapping's positions (a new mapping starts at its StartingPosition).</summary>
    public Task DeleteMappingAsync(string mappingUuid, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM stream_checkpoints WHERE mapping_uuid = $uuid";
            command.Parameters.AddWithValue("$uuid", mappingUuid);
            command.ExecuteNonQuery();
        }, cancellationToken);

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
