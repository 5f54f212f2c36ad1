using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Contracts.Functions;
using Platform.Emulators.State;

namespace Platform.Host.Lambda;

/// <summary>Async invoke configs set through Put/UpdateFunctionEventInvokeConfig; they win over
/// platform.yaml's until deleted, and are applied each time the function catalog is rebuilt. Durable
/// (one row per function in <c>lambda_event_invoke_configs</c>): a restart must not forget where an
/// acknowledged event's record goes.</summary>
internal sealed class EventInvokeConfigOverrides
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS lambda_event_invoke_configs (name TEXT PRIMARY KEY, doc TEXT NOT NULL);";

    private readonly Lock _gate = new();
    private readonly PlatformDatabase? _database;
    private Dictionary<string, (AsyncInvokeConfig Config, DateTimeOffset LastModified)> _configs = new(StringComparer.Ordinal);

    public EventInvokeConfigOverrides(PlatformDatabase? database = null)
    {
        _database = database;
        if (database is null)
            return;
        database.EnsureSchema(Schema);
        _configs = database.Read(connection =>
        {
            var configs = new Dictionary<string, (AsyncInvokeConfig, DateTimeOffset)>(StringComparer.Ordinal);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, doc FROM lambda_event_invoke_configs";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                configs[reader.GetString(0)] = FromJson(reader.GetString(1));
            return configs;
        });
    }

    /// <summary>Returns once the config is durable.</summary>
    public async Task SetAsync(string function, AsyncInvokeConfig config, DateTimeOffset lastModified, CancellationToken cancellationToken)
    {
        if (_database is not null)
        {
            var doc = ToJson(config, lastModified);
            await _database.WriteAsync(connection => Run(connection,
                "INSERT OR REPLACE INTO lambda_event_invoke_configs (name, doc) VALUES ($name, $doc)", function, doc), cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
            _configs = new(_configs, StringComparer.Ordinal) { [function] = (config, lastModified) };
    }

    public async Task<bool> RemoveAsync(string function, CancellationToken cancellationToken)
    {
        if (!_configs.ContainsKey(function))
            return false;
        if (_database is not null)
            await _database.WriteAsync(connection => Run(connection, "DELETE FROM lambda_event_invoke_configs WHERE name = $name", function, null),
                cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var next = new Dictionary<string, (AsyncInvokeConfig, DateTimeOffset)>(_configs, StringComparer.Ordinal);
            var removed = next.Remove(function);
            _configs = next;
            return removed;
        }
    }

    public DateTimeOffset? LastModified(string function) =>
        _configs.TryGetValue(function, out var entry) ? entry.LastModified : null;

    public IEnumerable<FunctionDefinition> Apply(IEnumerable<FunctionDefinition> functions)
    {
        var configs = _configs;
        // DeadLetterConfig belongs to the function's configuration, not to its event invoke config.
        return functions.Select(f => configs.TryGetValue(f.Name, out var entry)
            ? f with { Async = entry.Config with { DeadLetterTarget = f.Async.DeadLetterTarget } }
            : f);
    }

    private static void Run(SqliteConnection connection, string sql, string name, string? doc)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$name", name);
        if (doc is not null)
            command.Parameters.AddWithValue("$doc", doc);
        command.ExecuteNonQuery();
    }

    private static string ToJson(AsyncInvokeConfig config, DateTimeOffset lastModified)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("MaximumRetryAttempts", config.MaximumRetryAttempts);
            json.WriteNumber("MaximumEventAgeInSeconds", config.MaximumEventAgeInSeconds);
            json.WriteStartArray("RetryDelaysMs");
            foreach (var delay in config.RetryDelays)
                json.WriteNumberValue((long)delay.TotalMilliseconds);
            json.WriteEndArray();
            if (config.OnSuccessDestination is { } onSuccess)
                json.WriteString("OnSuccess", onSuccess);
            if (config.OnFailureDestination is { } onFailure)
                json.WriteString("OnFailure", onFailure);
            json.WriteNumber("LastModifiedMs", lastModified.ToUnixTimeMilliseconds());
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static (AsyncInvokeConfig, DateTimeOffset) FromJson(string doc)
    {
        using var document = JsonDocument.Parse(doc);
        var root = document.RootElement;
        var config = new AsyncInvokeConfig
        {
            MaximumRetryAttempts = root.GetProperty("MaximumRetryAttempts").GetInt32(),
            MaximumEventAgeInSeconds = root.GetProperty("MaximumEventAgeInSeconds").GetInt32(),
            RetryDelays = [.. root.GetProperty("RetryDelaysMs").EnumerateArray().Select(d => TimeSpan.FromMilliseconds(d.GetInt64()))],
            OnSuccessDestination = root.TryGetProperty("OnSuccess", out var onSuccess) ? onSuccess.GetString() : null,
            OnFailureDestination = root.TryGetProperty("OnFailure", out var onFailure) ? onFailure.GetString() : null,
        };
        return (config, DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("LastModifiedMs").GetInt64()));
    }
}
