using System.Globalization;
using Microsoft.Data.Sqlite;
using Platform.Emulators.State;

namespace Platform.Triggers.Checkpoints;

/// <summary>
/// Where each binding's cursor lives (table <c>trigger_checkpoints</c> of the platform database), so
/// a restarted platform continues after the last event it handed on instead of from the head.
/// </summary>
public sealed class TriggerCheckpointStore
{
    private readonly PlatformDatabase _database;
    private readonly TimeProvider _time;

    public TriggerCheckpointStore(PlatformDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS trigger_checkpoints (
                binding_id TEXT PRIMARY KEY,
                position   INTEGER NOT NULL,
                updated_at TEXT NOT NULL
            );
            """);
    }

    public long? Get(string bindingId) => _database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position FROM trigger_checkpoints WHERE binding_id = $id";
        command.Parameters.AddWithValue("$id", bindingId);
        return command.ExecuteScalar() is long position ? position : (long?)null;
    });

    public IReadOnlyDictionary<string, long> ReadAll(string idPrefix) => _database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT binding_id, position FROM trigger_checkpoints WHERE substr(binding_id, 1, length($prefix)) = $prefix";
        command.Parameters.AddWithValue("$prefix", idPrefix);
        using var reader = command.ExecuteReader();
        var all = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
            all[reader.GetString(0)] = reader.GetInt64(1);
        return (IReadOnlyDictionary<string, long>)all;
    });

    /// <summary>The binding's stored position, or — for a binding seen for the first time —
    /// <paramref name="initial"/>, stored before this returns.</summary>
    public Task<long> GetOrCreateAsync(string bindingId, long initial, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection =>
        {
            using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT OR IGNORE INTO trigger_checkpoints (binding_id, position, updated_at) VALUES ($id, $position, $now)";
                AddParameters(insert, bindingId, initial);
                insert.ExecuteNonQuery();
            }

            using var select = connection.CreateCommand();
            select.CommandText = "SELECT position FROM trigger_checkpoints WHERE binding_id = $id";
            select.Parameters.AddWithValue("$id", bindingId);
            return (long)select.ExecuteScalar()!;
        }, cancellationToken);

    public Task SaveAsync(string bindingId, long position, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO trigger_checkpoints (binding_id, position, updated_at) VALUES ($id, $position, $now)
                ON CONFLICT (binding_id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
                """;
            AddParameters(command, bindingId, position);
            command.ExecuteNonQuery();
        }, cancellationToken);

    public Task DeleteAsync(string bindingId, CancellationToken cancellationToken) =>
        _database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM trigger_checkpoints WHERE binding_id = $id";
            command.Parameters.AddWithValue("$id", bindingId);
            command.ExecuteNonQuery();
        }, cancellationToken);

    private void AddParameters(SqliteCommand command, string bindingId, long position)
    {
        command.Parameters.AddWithValue("$id", bindingId);
        command.Parameters.AddWithValue("$position", position);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
    }
}
