using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Tables.Engine;

public sealed partial class TableEngine
{
    private static readonly string[] ViewTypes = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"];

    public async Task<TableState> CreateTableAsync(TableDefinition definition, IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ValidateTableName(definition.Name, "tableName");
        Validate(definition);
        var table = await _database.WriteAsync(connection =>
        {
            if (_tables.ContainsKey(definition.Name))
                throw TableErrors.TableInUse(definition.Name);
            var now = NowMs;
            var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO ddb_tables (name, definition, created_ms, ttl_attribute, tags) VALUES ($name, $definition, $created, NULL, $tags);
                SELECT last_insert_rowid();
                """;
            insert.Parameters.AddWithValue("$name", definition.Name);
            insert.Parameters.AddWithValue("$definition", JsonSerializer.Serialize(definition, TableJsonContext.Default.TableDefinition));
            insert.Parameters.AddWithValue("$created", now);
            insert.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(new Dictionary<string, string>(tags ?? new Dictionary<string, string>()), TableJsonContext.Default.DictionaryStringString));
            var id = (long)insert.ExecuteScalar()!;
            var stream = definition.StreamEnabled ? OpenStream(connection, definition.Name, id, definition.StreamViewType!, now) : null;
            var state = new TableState(id, TableArn(definition.Name), definition, now, null,
                (tags ?? new Dictionary<string, string>()).ToImmutableSortedDictionary(StringComparer.Ordinal), stream);
            _tables[definition.Name] = state;
            return state;
        }, cancellationToken).ConfigureAwait(false);
        return table;
    }

    private TableStreamInfo OpenStream(SqliteConnection connection, string tableName, long tableId, string viewType, long now)
    {
        // Labels are the creation time; two streams of one table in one millisecond must still differ.
        var label = DateTimeOffset.FromUnixTimeMilliseconds(now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
        while (_streams.Values.Any(s => s.TableName == tableName && s.Label == label))
            label = DateTimeOffset.FromUnixTimeMilliseconds(++now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO ddb_streams (table_name, table_id, label, view_type, created_ms) VALUES ($table, $tableId, $label, $view, $created);
            SELECT last_insert_rowid();
            """;
        insert.Parameters.AddWithValue("$table", tableName);
        insert.Parameters.AddWithValue("$tableId", tableId);
        insert.Parameters.AddWithValue("$label", label);
        insert.Parameters.AddWithValue("$view", viewType);
        insert.Parameters.AddWithValue("$created", now);
        var id = (long)insert.ExecuteScalar()!;
        var stream = new TableStreamInfo(id, tableName, StreamArn(tableName, label), label, viewType, now, null);
        _streams[id] = stream;
        return stream;
    }

    private TableStreamInfo CloseStream(SqliteConnection connection, TableStreamInfo stream, long now)
    {
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE ddb_streams SET disabled_ms = $now, table_id = NULL WHERE id = $id";
        update.Parameters.AddWithValue("$now", now);
        update.Parameters.AddWithValue("$id", stream.Id);
        update.ExecuteNonQuery();
        var closed = stream with { DisabledMs = now };
        _streams[stream.Id] = closed;
        return closed;
    }

    public TableSummary DescribeTable(string name)
    {
        var table = GetTable(name, forItems: false);
        var (count, size) = _database.Read(connection =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM ddb_items WHERE table_id = $id";
            select.Parameters.AddWithValue("$id", table.Id);
            using var reader = select.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        });
        var indexCounts = _database.Read(connection =>
        {
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT index_name, COUNT(*) FROM ddb_index_items WHERE table_id = $id GROUP BY index_name";
            select.Parameters.AddWithValue("$id", table.Id);
            using var reader = select.ExecuteReader();
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
                counts[reader.GetString(0)] = reader.GetInt64(1);
            return counts;
        });
        return new TableSummary(table, count, size, indexCounts);
    }

    public (IReadOnlyList<string> Names, string? LastEvaluated) ListTables(string? exclusiveStart, int limit)
    {
        var names = _tables.Keys.Order(StringComparer.Ordinal)
            .Where(n => exclusiveStart is null || string.CompareOrdinal(n, exclusiveStart) > 0)
            .Take(limit + 1).ToList();
        return names.Count > limit ? (names[..limit], names[limit - 1]) : (names, null);
    }

    public async Task<TableSummary> DeleteTableAsync(string name, CancellationToken cancellationToken = default)
    {
        var summary = DescribeTable(name);
        if (summary.Table.Definition.DeletionProtectionEnabled)
            throw TableErrors.Validation($"Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
        TableStreamInfo? closed = null;
        await _database.WriteAsync(connection =>
        {
            var table = GetTable(name, forItems: false);
            if (table.Stream is { } stream)
                closed = CloseStream(connection, stream, NowMs);
            Execute(connection, "DELETE FROM ddb_index_items WHERE table_id = $id", ("$id", table.Id));
            Execute(connection, "DELETE FROM ddb_items WHERE table_id = $id", ("$id", table.Id));
            Execute(connection, "DELETE FROM ddb_tables WHERE id = $id", ("$id", table.Id));
            _tables.TryRemove(name, out _);
        }, cancellationToken).ConfigureAwait(false);
        Notify(closed);
        return summary with { Table = summary.Table with { Stream = closed } };
    }

    /// <summary>UpdateTable: billing mode and throughput, stream on/off or view type, GSIs created
    /// (backfilled in the same commit, so they are ACTIVE at once) or deleted, deletion protection.</summary>
    public async Task<TableState> UpdateTableAsync(string name, TableUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        GetTable(name, forItems: false);
        TableStreamInfo? changed = null;
        var result = await _database.WriteAsync(connection =>
        {
            var table = GetTable(name, forItems: false);
            var definition = table.Definition;
            var stream = table.Stream;
            var now = NowMs;
            if (update.BillingMode is { } billing)
                definition = definition with { BillingMode = billing };
            if (update.ReadCapacityUnits is { } read)
                definition = definition with { ReadCapacityUnits = read, WriteCapacityUnits = update.WriteCapacityUnits ?? definition.WriteCapacityUnits };
            if (update.DeletionProtectionEnabled is { } protection)
                definition = definition with { DeletionProtectionEnabled = protection };
            if (update.TableClass is { } tableClass)
                definition = definition with { TableClass = tableClass };
            if (update.StreamEnabled is { } enable)
            {
                if (enable)
                {
                    if (stream is not null)
                        throw TableErrors.Validation($"Table already has an enabled stream: TableName: {name}");
                    if (update.StreamViewType is null || !ViewTypes.Contains(update.StreamViewType))
                        throw TableErrors.Validation("One or more parameter values were invalid: StreamViewType must be specified when StreamEnabled is true");
                    stream = changed = OpenStream(connection, name, table.Id, update.StreamViewType, now);
                    definition = definition with { StreamEnabled = true, StreamViewType = update.StreamViewType };
                }
                else
                {
                    if (stream is null)
                        throw TableErrors.Validation($"Table already has no enabled stream: TableName: {name}");
                    changed = CloseStream(connection, stream, now);
                    stream = null;
                    definition = definition with { StreamEnabled = false, StreamViewType = null };
                }
            }

            var attributes = definition.AttributeDefinitions.ToList();
            foreach (var extra in update.AttributeDefinitions)
            {
                if (!attributes.Any(a => a.AttributeName == extra.AttributeName))
                    attributes.Add(extra);
            }

            definition = definition with { AttributeDefinitions = attributes };
            var indexes = definition.Indexes.ToList();
            foreach (var deleted in update.DeletedIndexes)
            {
                if (indexes.RemoveAll(i => i.Global && i.Name == deleted) == 0)
                    throw TableErrors.ResourceNotFound($"Requested resource not found: Index: {deleted} not found");
                Execute(connection, "DELETE FROM ddb_index_items WHERE table_id = $id AND index_name = $name", ("$id", table.Id), ("$name", deleted));
            }

            foreach (var created in update.CreatedIndexes)
            {
                if (indexes.Any(i => i.Name == created.Name))
                    throw TableErrors.Validation($"One or more parameter values were invalid: Index with name: {created.Name} already exists.");
                indexes.Add(created);
            }

            // A deleted index's key attributes leave the definitions with it (DynamoDB keeps only key attributes there).
            var keyAttributes = new HashSet<string>(definition.KeyNames, StringComparer.Ordinal);
            foreach (var index in indexes)
            {
                keyAttributes.Add(index.HashKey);
                if (index.RangeKey is not null)
                    keyAttributes.Add(index.RangeKey);
            }

            definition = definition with
            {
                Indexes = indexes,
                AttributeDefinitions = update.DeletedIndexes.Count > 0
                    ? attributes.Where(a => keyAttributes.Contains(a.AttributeName)).ToList()
                    : attributes,
            };
            Validate(definition);
            Execute(connection, "UPDATE ddb_tables SET definition = $definition WHERE id = $id",
                ("$id", table.Id), ("$definition", JsonSerializer.Serialize(definition, TableJsonContext.Default.TableDefinition)));
            var state = table with { Definition = definition, Stream = stream };
            foreach (var created in update.CreatedIndexes)
                Backfill(connection, state, created);
            _tables[name] = state;
            return state;
        }, cancellationToken).ConfigureAwait(false);
        Notify(changed);
        return result;
    }

    private void Backfill(SqliteConnection connection, TableState table, IndexDefinition index)
    {
        var rows = new List<(byte[] Hk, byte[] Rk, Dictionary<string, AttributeValue> Item)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT hk, rk, item FROM ddb_items WHERE table_id = $id";
            select.Parameters.AddWithValue("$id", table.Id);
            using var reader = select.ExecuteReader();
            while (reader.Read())
                rows.Add(((byte[])reader[0], (byte[])reader[1], AttributeJson.ReadItem((byte[])reader[2])));
        }

        foreach (var (hk, rk, item) in rows)
            InsertIndexRow(connection, table, index, hk, rk, item);
    }

    private static void Validate(TableDefinition definition)
    {
        foreach (var attribute in definition.AttributeDefinitions)
        {
            if (attribute.AttributeType is not ("S" or "N" or "B"))
                throw TableErrors.Constraint(attribute.AttributeType, "attributeDefinitions.member.attributeType", "Member must satisfy enum value set: [B, N, S]");
        }

        var defined = definition.AttributeDefinitions.Select(a => a.AttributeName).ToHashSet(StringComparer.Ordinal);
        if (defined.Count != definition.AttributeDefinitions.Count)
            throw TableErrors.Invalid("Duplicate AttributeName in AttributeDefinitions");
        var used = new HashSet<string>(definition.KeyNames, StringComparer.Ordinal);
        foreach (var index in definition.Indexes)
        {
            used.Add(index.HashKey);
            if (index.RangeKey is not null)
                used.Add(index.RangeKey);
        }

        var undefined = used.Where(u => !defined.Contains(u)).ToList();
        if (undefined.Count > 0)
            throw TableErrors.Invalid($"Some index key attributes are not defined in AttributeDefinitions. Keys: [{string.Join(", ", undefined)}], AttributeDefinitions: [{string.Join(", ", defined)}]");
        if (used.Count != defined.Count)
            throw TableErrors.Invalid("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        if (definition.BillingMode is not ("PROVISIONED" or "PAY_PER_REQUEST"))
            throw TableErrors.Constraint(definition.BillingMode, "billingMode", "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
        if (definition.StreamEnabled && (definition.StreamViewType is null || !ViewTypes.Contains(definition.StreamViewType)))
            throw TableErrors.Validation("One or more parameter values were invalid: StreamViewType must be specified when StreamEnabled is true");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var index in definition.Indexes)
        {
            ValidateTableName(index.Name, "indexName");
            if (!names.Add(index.Name))
                throw TableErrors.Invalid($"Duplicate index name: {index.Name}");
            if (!index.Global && (index.HashKey != definition.HashKey || definition.RangeKey is null))
                throw TableErrors.Invalid($"Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            if (index.ProjectionType is not ("ALL" or "KEYS_ONLY" or "INCLUDE"))
                throw TableErrors.Constraint(index.ProjectionType, "projection.projectionType", "Member must satisfy enum value set: [INCLUDE, KEYS_ONLY, ALL]");
            if (index.ProjectionType != "INCLUDE" && index.NonKeyAttributes.Count > 0)
                throw TableErrors.Invalid($"ProjectionType is {index.ProjectionType}, but NonKeyAttributes is specified");
        }

        if (definition.Indexes.Count(i => i.Global) > 20)
            throw new TableException("LimitExceededException", "Subscriber limit exceeded: Only 20 GSIs are allowed per table");
        if (definition.Indexes.Count(i => !i.Global) > 5)
            throw new TableException("LimitExceededException", "Subscriber limit exceeded: Only 5 LSIs are allowed per table");
    }

    internal static void ValidateTableName(string? name, string member)
    {
        if (name is null)
            throw TableErrors.Constraint("null", member, "Member must not be null");
        if (name.Length < 3)
            throw TableErrors.Constraint(name, member, "Member must have length greater than or equal to 3");
        if (name.Length > 255)
            throw TableErrors.Constraint(name, member, "Member must have length less than or equal to 255");
        if (!TableNamePattern().IsMatch(name))
            throw TableErrors.Constraint(name, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]+$")]
    private static partial Regex TableNamePattern();

    private void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = _commands.Get(connection, sql);
        foreach (var (parameterName, value) in parameters)
            command.Set(parameterName, value);
        command.ExecuteNonQuery();
    }
}
