using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Emulators.State;

namespace Platform.Host.Lambda;

/// <summary>
/// Function URLs created through the Lambda API, one JSON document per row of the platform's SQLite
/// database (beside the control plane's tables), mirrored in memory and indexed by URL id for the
/// edge. Writers hold the control plane's lock, so a URL and its function change consistently.
/// </summary>
internal sealed class FunctionUrlStore
{
    // The triggers delete a URL in the same transaction as its function or alias, so a function
    // re-created under the same name starts without one, as in Lambda.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS lambda_function_urls (function_key TEXT PRIMARY KEY, doc TEXT NOT NULL);
        CREATE TRIGGER IF NOT EXISTS lambda_function_urls_function_deleted AFTER DELETE ON lambda_functions
        BEGIN DELETE FROM lambda_function_urls WHERE function_key = OLD.name OR substr(function_key, 1, length(OLD.name) + 1) = OLD.name || ':'; END;
        CREATE TRIGGER IF NOT EXISTS lambda_function_urls_alias_deleted AFTER DELETE ON lambda_aliases
        BEGIN DELETE FROM lambda_function_urls WHERE function_key = OLD.name || ':' || OLD.alias; END;
        """;

    private readonly PlatformDatabase _database;
    private readonly Dictionary<string, FunctionUrlConfig> _byKey = new(StringComparer.Ordinal);

    public FunctionUrlStore(PlatformDatabase database, LambdaControlStore control)
    {
        _database = database;
        // The control store's constructor created the tables the triggers watch.
        database.EnsureSchema(Schema);
        control.Deleted += Forget;
        database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM lambda_function_urls";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var config = JsonSerializer.Deserialize(reader.GetString(0), UrlJsonContext.Default.FunctionUrlConfig)!;
                _byKey[config.Key] = config;
            }
            return true;
        });
    }

    /// <summary>The unqualified function is keyed by its name; an alias's URL by <c>name:alias</c>.</summary>
    public static string KeyOf(string function, string? qualifier) => qualifier is null ? function : $"{function}:{qualifier}";

    /// <summary>A new random id: 32 lower-case letters and digits, as Lambda's.</summary>
    public static string NewId() => ApiGateway.ApiGatewayIds.New(32);

    /// <summary>A platform.yaml function's id: derived from its name, so its address stays the same
    /// across restarts and reloads without being stored.</summary>
    public static string DeclaredId(string key) => ApiGateway.ApiGatewayIds.Derived("platform.yaml:" + key, 32);

    public FunctionUrlConfig? Get(string function, string? qualifier)
    {
        lock (_byKey)
            return _byKey.GetValueOrDefault(KeyOf(function, qualifier));
    }

    public IReadOnlyList<FunctionUrlConfig> All
    {
        get { lock (_byKey) return [.. _byKey.Values]; }
    }

    public IReadOnlyList<FunctionUrlConfig> OfFunction(string function)
    {
        lock (_byKey)
            return [.. _byKey.Values.Where(c => c.FunctionName == function).OrderBy(c => c.Key, StringComparer.Ordinal)];
    }

    public async Task PutAsync(FunctionUrlConfig config, CancellationToken cancellationToken)
    {
        var doc = JsonSerializer.Serialize(config, UrlJsonContext.Default.FunctionUrlConfig);
        await _database.WriteAsync(c => Execute(c, "INSERT OR REPLACE INTO lambda_function_urls (function_key, doc) VALUES ($key, $doc)", config.Key, doc),
            cancellationToken).ConfigureAwait(false);
        lock (_byKey)
            _byKey[config.Key] = config;
    }

    public async Task DeleteAsync(FunctionUrlConfig config, CancellationToken cancellationToken)
    {
        await _database.WriteAsync(c => Execute(c, "DELETE FROM lambda_function_urls WHERE function_key = $key", config.Key, null),
            cancellationToken).ConfigureAwait(false);
        lock (_byKey)
            _byKey.Remove(config.Key);
    }

    private void Forget(string function, string? alias)
    {
        lock (_byKey)
        {
            foreach (var key in _byKey.Where(e => e.Value.FunctionName == function && (alias is null || e.Value.Qualifier == alias)).Select(e => e.Key).ToList())
                _byKey.Remove(key);
        }
    }

    private static void Execute(SqliteConnection connection, string sql, string key, string? doc)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        if (doc is not null)
            command.Parameters.AddWithValue("$doc", doc);
        command.ExecuteNonQuery();
    }
}
