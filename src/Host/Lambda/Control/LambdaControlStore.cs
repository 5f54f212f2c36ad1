using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Emulators.State;

namespace Platform.Host.Lambda;

/// <summary>
/// The durable side of functions, versions, aliases and layers created through the Lambda API: one
/// JSON document per row in the platform's SQLite database, mirrored in memory. Callers serialize
/// their changes with <see cref="LockAsync"/> (control-plane calls are rare; one gate keeps a
/// function, its versions and its aliases consistent with each other).
/// </summary>
internal sealed class LambdaControlStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS lambda_functions (name TEXT PRIMARY KEY, doc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS lambda_function_versions (name TEXT NOT NULL, version TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS lambda_aliases (name TEXT NOT NULL, alias TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (name, alias));
        CREATE TABLE IF NOT EXISTS lambda_layer_versions (name TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (name, version));
        """;

    private readonly PlatformDatabase _database;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, FunctionRecord> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), FunctionVersionRecord> _versions = [];
    private readonly Dictionary<(string, string), AliasRecord> _aliases = [];
    private readonly Dictionary<(string, int), LayerVersionRecord> _layers = [];

    public LambdaControlStore(PlatformDatabase database)
    {
        _database = database;
        database.EnsureSchema(Schema);
        database.Read(connection =>
        {
            foreach (var doc in Docs(connection, "SELECT doc FROM lambda_functions"))
                Remember(JsonSerializer.Deserialize(doc, ControlJsonContext.Default.FunctionRecord)!);
            foreach (var doc in Docs(connection, "SELECT doc FROM lambda_function_versions"))
                Remember(JsonSerializer.Deserialize(doc, ControlJsonContext.Default.FunctionVersionRecord)!);
            foreach (var doc in Docs(connection, "SELECT doc FROM lambda_aliases"))
                Remember(JsonSerializer.Deserialize(doc, ControlJsonContext.Default.AliasRecord)!);
            foreach (var doc in Docs(connection, "SELECT doc FROM lambda_layer_versions"))
                Remember(JsonSerializer.Deserialize(doc, ControlJsonContext.Default.LayerVersionRecord)!);
            return true;
        });
    }

    /// <summary>After a function (alias null) or one alias is deleted, under the store's lock: what
    /// belongs to it elsewhere (its function URLs) goes too.</summary>
    public event Action<string, string?>? Deleted;

    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    public IReadOnlyList<FunctionRecord> Functions { get { lock (_functions) return [.. _functions.Values]; } }

    public FunctionRecord? Function(string name) { lock (_functions) return _functions.GetValueOrDefault(name); }

    public FunctionVersionRecord? Version(string name, string version) { lock (_functions) return _versions.GetValueOrDefault((name, version)); }

    public IReadOnlyList<FunctionVersionRecord> Versions(string name)
    {
        lock (_functions)
            return [.. _versions.Values.Where(v => v.Name == name).OrderBy(v => v.Version == "$LATEST" ? -1 : int.Parse(v.Version, System.Globalization.CultureInfo.InvariantCulture))];
    }

    public AliasRecord? Alias(string name, string alias) { lock (_functions) return _aliases.GetValueOrDefault((name, alias)); }

    public IReadOnlyList<AliasRecord> Aliases(string name)
    {
        lock (_functions)
            return [.. _aliases.Values.Where(a => a.FunctionName == name).OrderBy(a => a.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyList<LayerVersionRecord> LayerVersions()
    {
        lock (_functions)
            return [.. _layers.Values.OrderBy(l => l.LayerName, StringComparer.Ordinal).ThenBy(l => l.Version)];
    }

    public LayerVersionRecord? LayerVersion(string name, int version) { lock (_functions) return _layers.GetValueOrDefault((name, version)); }

    public Task PutAsync(FunctionRecord function, CancellationToken cancellationToken) =>
        WriteAsync(() => Remember(function), c => Upsert(c, "INSERT OR REPLACE INTO lambda_functions (name, doc) VALUES ($a, $doc)",
            JsonSerializer.Serialize(function, ControlJsonContext.Default.FunctionRecord), function.Name), cancellationToken);

    public Task PutAsync(FunctionVersionRecord version, CancellationToken cancellationToken) =>
        WriteAsync(() => Remember(version), c => Upsert(c, "INSERT OR REPLACE INTO lambda_function_versions (name, version, doc) VALUES ($a, $b, $doc)",
            JsonSerializer.Serialize(version, ControlJsonContext.Default.FunctionVersionRecord), version.Name, version.Version), cancellationToken);

    public Task PutAsync(AliasRecord alias, CancellationToken cancellationToken) =>
        WriteAsync(() => Remember(alias), c => Upsert(c, "INSERT OR REPLACE INTO lambda_aliases (name, alias, doc) VALUES ($a, $b, $doc)",
            JsonSerializer.Serialize(alias, ControlJsonContext.Default.AliasRecord), alias.FunctionName, alias.Name), cancellationToken);

    public Task PutAsync(LayerVersionRecord layer, CancellationToken cancellationToken) =>
        WriteAsync(() => Remember(layer), c => Upsert(c, "INSERT OR REPLACE INTO lambda_layer_versions (name, version, doc) VALUES ($a, $b, $doc)",
            JsonSerializer.Serialize(layer, ControlJsonContext.Default.LayerVersionRecord), layer.LayerName, layer.Version), cancellationToken);

    /// <summary>Deletes a function with all its versions and aliases.</summary>
    public Task DeleteFunctionAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            _functions.Remove(name);
            foreach (var key in _versions.Keys.Where(k => k.Item1 == name).ToList())
                _versions.Remove(key);
            foreach (var key in _aliases.Keys.Where(k => k.Item1 == name).ToList())
                _aliases.Remove(key);
            Deleted?.Invoke(name, null);
        }, c =>
        {
            Upsert(c, "DELETE FROM lambda_functions WHERE name = $a", null, name);
            Upsert(c, "DELETE FROM lambda_function_versions WHERE name = $a", null, name);
            Upsert(c, "DELETE FROM lambda_aliases WHERE name = $a", null, name);
        }, cancellationToken);

    public Task DeleteVersionAsync(string name, string version, CancellationToken cancellationToken) =>
        WriteAsync(() => _versions.Remove((name, version)),
            c => Upsert(c, "DELETE FROM lambda_function_versions WHERE name = $a AND version = $b", null, name, version), cancellationToken);

    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            _aliases.Remove((name, alias));
            Deleted?.Invoke(name, alias);
        },
            c => Upsert(c, "DELETE FROM lambda_aliases WHERE name = $a AND alias = $b", null, name, alias), cancellationToken);

    public Task DeleteLayerVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        WriteAsync(() => _layers.Remove((name, version)),
            c => Upsert(c, "DELETE FROM lambda_layer_versions WHERE name = $a AND version = $b", null, name, version), cancellationToken);

    /// <summary>Durable first, then visible: a failed write leaves memory as it was.</summary>
    private async Task WriteAsync(Action remember, Action<SqliteConnection> write, CancellationToken cancellationToken)
    {
        await _database.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        lock (_functions)
            remember();
    }

    private void Remember(FunctionRecord function) => _functions[function.Name] = function;
    private void Remember(FunctionVersionRecord version) => _versions[(version.Name, version.Version)] = version;
    private void Remember(AliasRecord alias) => _aliases[(alias.FunctionName, alias.Name)] = alias;
    private void Remember(LayerVersionRecord layer) => _layers[(layer.LayerName, layer.Version)] = layer;

    private static void Upsert(SqliteConnection connection, string sql, string? doc, object a, object? b = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        if (b is not null)
            command.Parameters.AddWithValue("$b", b);
        if (doc is not null)
            command.Parameters.AddWithValue("$doc", doc);
        command.ExecuteNonQuery();
    }

    private static List<string> Docs(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var docs = new List<string>();
        while (reader.Read())
            docs.Add(reader.GetString(0));
        return docs;
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }
}
