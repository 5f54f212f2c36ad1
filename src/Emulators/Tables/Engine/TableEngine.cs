using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;

namespace Platform.Emulators.Tables.Engine;

/// <summary>
/// Durable DynamoDB-semantics tables in the platform database: items, secondary indexes,
/// conditions and update expressions, query/scan, batches, transactions, TTL and DynamoDB Streams.
/// Every item write runs as a unit of the database's group commit — the condition check, the item,
/// its index rows and its stream record in one transaction — so a write that was answered is
/// durable with its stream record. Errors are <see cref="TableException"/>s with DynamoDB's codes.
/// </summary>
public sealed partial class TableEngine
{
    private readonly PlatformDatabase _database;
    private readonly TimeProvider _time;
    private readonly WriterCommands _commands = new();

    // Swapped on the writer thread inside the unit that changes a table, so item writes (which look
    // their table up inside their own unit) always see the definition their commit order implies.
    private readonly ConcurrentDictionary<string, TableState> _tables = new(StringComparer.Ordinal);

    // Streams by id, current and disabled ones (kept for their retention).
    private readonly ConcurrentDictionary<long, TableStreamInfo> _streams = new();
    private readonly ConcurrentDictionary<string, ChangeSignal> _signals = new(StringComparer.Ordinal);

    public TableEngine(PlatformDatabase database, TimeProvider time, TableEngineOptions options)
    {
        _database = database;
        _time = time;
        Options = options;
        database.EnsureSchema(TableSchema.Ddl);
        database.Read(connection =>
        {
            foreach (var stream in LoadStreams(connection))
                _streams[stream.Id] = stream;
            foreach (var table in LoadTables(connection))
                _tables[table.Name] = table;
            return true;
        });
    }

    public TableEngineOptions Options { get; }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public string TableArn(string name) => $"arn:aws:dynamodb:{Options.Region}:{Options.AccountId}:table/{name}";

    public bool TableExists(string name) => _tables.ContainsKey(name);

    public IReadOnlyCollection<TableState> Tables => _tables.Values.ToList();

    internal TableState GetTable(string name, bool forItems = true)
    {
        if (name is null || !_tables.TryGetValue(name, out var table))
            throw forItems ? TableErrors.NonExistentTable() : TableErrors.TableNotFound(name ?? "");
        return table;
    }

    /// <summary>Fires after every committed record of the stream, and when it is disabled.</summary>
    public ChangeSignal Changes(string streamArn) => _signals.GetOrAdd(streamArn, _ => new ChangeSignal());

    private void Notify(TableStreamInfo? stream)
    {
        if (stream is not null)
            Changes(stream.Arn).Notify();
    }

    private string StreamArn(string tableName, string label) => $"{TableArn(tableName)}/stream/{label}";

    private List<TableStreamInfo> LoadStreams(SqliteConnection connection)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, table_name, label, view_type, created_ms, disabled_ms FROM ddb_streams";
        using var reader = select.ExecuteReader();
        var streams = new List<TableStreamInfo>();
        while (reader.Read())
        {
            var tableName = reader.GetString(1);
            var label = reader.GetString(2);
            streams.Add(new TableStreamInfo(reader.GetInt64(0), tableName, StreamArn(tableName, label), label,
                reader.GetString(3), reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5)));
        }

        return streams;
    }

    private List<TableState> LoadTables(SqliteConnection connection)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, name, definition, created_ms, ttl_attribute, tags FROM ddb_tables";
        using var reader = select.ExecuteReader();
        var tables = new List<TableState>();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            var name = reader.GetString(1);
            var definition = JsonSerializer.Deserialize(reader.GetString(2), TableJsonContext.Default.TableDefinition)!;
            var tags = JsonSerializer.Deserialize(reader.GetString(5), TableJsonContext.Default.DictionaryStringString) ?? [];
            var stream = _streams.Values.FirstOrDefault(s => s.TableName == name && s.Enabled);
            tables.Add(new TableState(id, TableArn(name), definition, reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                tags.ToImmutableSortedDictionary(StringComparer.Ordinal), stream));
        }

        return tables;
    }
}
