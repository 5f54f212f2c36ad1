using System.Text.Json;
using Platform.Emulators.State;

namespace Platform.Triggers.Mappings;

/// <summary>
/// The event source mappings, durable in the platform database (table <c>event_source_mappings</c>)
/// so each one's state — Enabled included — survives restarts. The Lambda API and platform.yaml
/// write here; the mapping supervisor reads the list and follows <see cref="Changed"/>.
/// </summary>
public sealed class EventSourceMappingStore
{
    private readonly PlatformDatabase _database;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Dictionary<string, EventSourceMapping> _mappings;

    public EventSourceMappingStore(PlatformDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS event_source_mappings (
                uuid       TEXT PRIMARY KEY,
                definition TEXT NOT NULL
            );
            """);
        _mappings = _database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT definition FROM event_source_mappings";
            using var reader = command.ExecuteReader();
            var all = new Dictionary<string, EventSourceMapping>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var mapping = JsonSerializer.Deserialize(reader.GetString(0), MappingJsonContext.Default.EventSourceMapping)!;
                all[mapping.Uuid] = mapping;
            }
            return all;
        });
    }

    /// <summary>Fires after every committed change.</summary>
    public ChangeSignal Changed { get; } = new();

    public IReadOnlyList<EventSourceMapping> List()
    {
        lock (_gate)
            return _mappings.Values.OrderBy(m => m.Uuid, StringComparer.Ordinal).ToArray();
    }

    public EventSourceMapping? Get(string uuid)
    {
        lock (_gate)
            return _mappings.GetValueOrDefault(uuid);
    }

    /// <summary>Creates or replaces the mapping with its UUID; stamps <see cref="EventSourceMapping.LastModified"/>.
    /// Durable when the task completes. Validation is the caller's (the kind's factory).</summary>
    public async Task<EventSourceMapping> PutAsync(EventSourceMapping mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var stamped = mapping with { LastModified = _time.GetUtcNow() };
        var json = JsonSerializer.Serialize(stamped, MappingJsonContext.Default.EventSourceMapping);
        await _database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO event_source_mappings (uuid, definition) VALUES ($uuid, $definition)
                ON CONFLICT (uuid) DO UPDATE SET definition = excluded.definition
                """;
            command.Parameters.AddWithValue("$uuid", stamped.Uuid);
            command.Parameters.AddWithValue("$definition", json);
            command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        lock (_gate)
            _mappings = new Dictionary<string, EventSourceMapping>(_mappings, StringComparer.Ordinal) { [stamped.Uuid] = stamped };
        Changed.Notify();
        return stamped;
    }

    /// <summary>Deletes the mapping; false when there was none. Its checkpoints are the worker's to drop.</summary>
    public async Task<bool> DeleteAsync(string uuid, CancellationToken cancellationToken)
    {
        var deleted = await _database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM event_source_mappings WHERE uuid = $uuid";
            command.Parameters.AddWithValue("$uuid", uuid);
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken).ConfigureAwait(false);
        if (!deleted)
            return false;
        lock (_gate)
        {
            var next = new Dictionary<string, EventSourceMapping>(_mappings, StringComparer.Ordinal);
            next.Remove(uuid);
            _mappings = next;
        }
        Changed.Notify();
        return true;
    }
}
