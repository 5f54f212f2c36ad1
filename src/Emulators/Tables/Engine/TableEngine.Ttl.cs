using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Platform.Emulators.Tables.Engine;

public sealed partial class TableEngine
{
    /// <summary>UpdateTimeToLive: enabling indexes every item's expiry in the same commit.</summary>
    public async Task UpdateTimeToLiveAsync(string tableName, string attributeName, bool enabled, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(attributeName))
            throw TableErrors.Constraint("", "timeToLiveSpecification.attributeName", "Member must have length greater than or equal to 1");
        GetTable(tableName, forItems: false);
        await _database.WriteAsync(connection =>
        {
            var table = GetTable(tableName, forItems: false);
            if (enabled && table.TtlAttribute is not null)
                throw TableErrors.Validation("TimeToLive is already enabled");
            if (!enabled && table.TtlAttribute is null)
                throw TableErrors.Validation("TimeToLive is already disabled");
            if (!enabled && table.TtlAttribute != attributeName)
                throw TableErrors.Validation($"The attribute name for TimeToLive is {table.TtlAttribute}, it must be specified when disabling TimeToLive");
            var state = table with { TtlAttribute = enabled ? attributeName : null };
            Execute(connection, "UPDATE ddb_tables SET ttl_attribute = $a WHERE id = $id", ("$id", table.Id), ("$a", (object?)state.TtlAttribute ?? DBNull.Value));
            Execute(connection, "UPDATE ddb_items SET ttl = NULL WHERE table_id = $id AND ttl IS NOT NULL", ("$id", table.Id));
            if (enabled)
                IndexExpiries(connection, state);
            _tables[tableName] = state;
        }, cancellationToken).ConfigureAwait(false);
    }

    private void IndexExpiries(SqliteConnection connection, TableState table)
    {
        var rows = new List<(byte[] Hk, byte[] Rk, long Ttl)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT hk, rk, item FROM ddb_items WHERE table_id = $id";
            select.Parameters.AddWithValue("$id", table.Id);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                if (TtlOf(table, AttributeJson.ReadItem((byte[])reader[2])) is { } ttl)
                    rows.Add(((byte[])reader[0], (byte[])reader[1], ttl));
            }
        }

        foreach (var (hk, rk, ttl) in rows)
            Execute(connection, "UPDATE ddb_items SET ttl = $ttl WHERE table_id = $id AND hk = $h AND rk = $r",
                ("$id", table.Id), ("$h", hk), ("$r", rk), ("$ttl", ttl));
    }

    public (string Status, string? AttributeName) DescribeTimeToLive(string tableName)
    {
        var table = GetTable(tableName, forItems: false);
        return table.TtlAttribute is null ? ("DISABLED", null) : ("ENABLED", table.TtlAttribute);
    }

    /// <summary>Deletes the items whose TTL attribute is before now (on the injected clock), each with
    /// a REMOVE stream record by the DynamoDB service, and trims stream records past retention.
    /// Returns how many items were deleted.</summary>
    public async Task<int> SweepExpiredAsync(CancellationToken cancellationToken = default)
    {
        var (deleted, streams) = await _database.WriteAsync(connection =>
        {
            var nowSeconds = _time.GetUtcNow().ToUnixTimeSeconds();
            var count = 0;
            var touched = new HashSet<TableStreamInfo>();
            foreach (var table in _tables.Values.Where(t => t.TtlAttribute is not null))
            {
                var expired = new List<(byte[] Hk, byte[] Rk, Dictionary<string, AttributeValue> Item)>();
                using (var select = connection.CreateCommand())
                {
                    select.CommandText = "SELECT hk, rk, item FROM ddb_items WHERE table_id = $id AND ttl IS NOT NULL AND ttl < $now LIMIT 1000";
                    select.Parameters.AddWithValue("$id", table.Id);
                    select.Parameters.AddWithValue("$now", nowSeconds);
                    using var reader = select.ExecuteReader();
                    while (reader.Read())
                        expired.Add(((byte[])reader[0], (byte[])reader[1], AttributeJson.ReadItem((byte[])reader[2])));
                }

                foreach (var (hk, rk, item) in expired)
                {
                    var key = new ItemKey(KeyAttributes(table, item), hk, rk);
                    if (StoreItem(connection, table, key, item, null, byService: true) is { } stream)
                        touched.Add(stream);
                    count++;
                }
            }

            var cutoff = NowMs - (long)Options.StreamRetention.TotalMilliseconds;
            Execute(connection, "DELETE FROM ddb_stream_records WHERE created_ms < $cutoff", ("$cutoff", cutoff));
            foreach (var gone in _streams.Values.Where(s => s.DisabledMs < cutoff).ToList())
            {
                Execute(connection, "DELETE FROM ddb_streams WHERE id = $id", ("$id", gone.Id));
                _streams.TryRemove(gone.Id, out _);
            }

            return (count, touched);
        }, cancellationToken).ConfigureAwait(false);
        foreach (var stream in streams)
            Notify(stream);
        return deleted;
    }

    public IReadOnlyDictionary<string, string> ListTags(string resourceArn) => TableByArn(resourceArn).Tags;

    public async Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, bool remove,
        IReadOnlyList<string>? keys = null, CancellationToken cancellationToken = default)
    {
        var name = TableByArn(resourceArn).Name;
        await _database.WriteAsync(connection =>
        {
            var table = GetTable(name, forItems: false);
            var next = remove ? table.Tags.RemoveRange(keys ?? []) : table.Tags.SetItems(tags);
            if (next.Count > 50)
                throw new TableException("LimitExceededException", "Tag limit of 50 exceeded for the resource.");
            Execute(connection, "UPDATE ddb_tables SET tags = $tags WHERE id = $id", ("$id", table.Id),
                ("$tags", JsonSerializer.Serialize(new Dictionary<string, string>(next), TableJsonContext.Default.DictionaryStringString)));
            _tables[name] = table with { Tags = next.ToImmutableSortedDictionary(StringComparer.Ordinal) };
        }, cancellationToken).ConfigureAwait(false);
    }

    private TableState TableByArn(string arn)
    {
        var prefix = TableArn("");
        if (arn is null || !arn.StartsWith(prefix, StringComparison.Ordinal))
            throw TableErrors.Validation($"Invalid TableArn: Invalid ResourceArn provided as input {arn}");
        var name = arn[prefix.Length..];
        if (!_tables.TryGetValue(name, out var table))
            throw TableErrors.ResourceNotFound($"Requested resource not found: ResourceArn: {arn} not found");
        return table;
    }
}
