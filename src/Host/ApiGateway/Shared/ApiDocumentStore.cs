using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;
using Platform.Emulators.State;

namespace Platform.Host.ApiGateway;

/// <summary>
/// The APIs of one kind (HTTP or REST), one JSON document per row of the platform's SQLite database,
/// mirrored in memory for the data plane. A change is copy-on-write: the handler edits a copy, the
/// copy is committed, then it replaces the original — a request being served sees one version whole,
/// and a 2xx from the control plane means the change survives a crash.
/// </summary>
internal sealed class ApiDocumentStore<T> where T : class
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS apigateway_apis (api_id TEXT PRIMARY KEY, kind TEXT NOT NULL, doc TEXT NOT NULL);";

    private readonly PlatformDatabase _database;
    private readonly string _kind;
    private readonly JsonTypeInfo<T> _type;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private volatile Dictionary<string, T> _byId;

    public ApiDocumentStore(PlatformDatabase database, string kind, JsonTypeInfo<T> type)
    {
        _database = database;
        _kind = kind;
        _type = type;
        database.EnsureSchema(Schema);
        _byId = database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT api_id, doc FROM apigateway_apis WHERE kind = $kind";
            command.Parameters.AddWithValue("$kind", kind);
            using var reader = command.ExecuteReader();
            var loaded = new Dictionary<string, T>(StringComparer.Ordinal);
            while (reader.Read())
                loaded[reader.GetString(0)] = JsonSerializer.Deserialize(reader.GetString(1), type)!;
            return loaded;
        });
    }

    public T? Get(string id) => _byId.GetValueOrDefault(id);

    public IReadOnlyCollection<T> All => _byId.Values;

    public bool Contains(string id) => _byId.ContainsKey(id);

    /// <summary>Runs <paramref name="change"/> on a copy of the document (null when it does not exist)
    /// and commits what it returns (null deletes). Changes to one store run one at a time.</summary>
    public async Task<TResult> ChangeAsync<TResult>(string id, Func<T?, (T? Document, TResult Result)> change, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _byId.GetValueOrDefault(id);
            var copy = current is null ? null : JsonSerializer.Deserialize(JsonSerializer.Serialize(current, _type), _type);
            var (next, result) = change(copy);
            if (next is null && current is null)
                return result;
            var doc = next is null ? null : JsonSerializer.Serialize(next, _type);
            await _database.WriteAsync(c => Execute(c, id, doc), CancellationToken.None).ConfigureAwait(false);
            var map = new Dictionary<string, T>(_byId, StringComparer.Ordinal);
            if (next is null)
                map.Remove(id);
            else
                map[id] = next;
            _byId = map;
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    private void Execute(SqliteConnection connection, string id, string? doc)
    {
        using var command = connection.CreateCommand();
        command.CommandText = doc is null
            ? "DELETE FROM apigateway_apis WHERE api_id = $id"
            : "INSERT OR REPLACE INTO apigateway_apis (api_id, kind, doc) VALUES ($id, $kind, $doc)";
        command.Parameters.AddWithValue("$id", id);
        if (doc is not null)
        {
            command.Parameters.AddWithValue("$kind", _kind);
            command.Parameters.AddWithValue("$doc", doc);
        }
        command.ExecuteNonQuery();
    }
}
