using Microsoft.Data.Sqlite;
using Platform.Emulators.Queues.Engine;

namespace Platform.Emulators.Tables.Engine;

public sealed partial class TableEngine
{
    // Streams that got records in the write units of the current commit; notified after it.
    private Dictionary<string, AttributeValue>? LoadItem(SqliteConnection connection, TableState table, ItemKey key)
    {
        var select = _commands.Get(connection, "SELECT item FROM ddb_items WHERE table_id = $t AND hk = $h AND rk = $r");
        select.Set("$t", table.Id);
        select.Set("$h", key.Hash);
        select.Set("$r", key.Range);
        return select.ExecuteScalar() is byte[] json ? AttributeJson.ReadItem(json) : null;
    }

    /// <summary>Writes (or, with <paramref name="next"/> null, deletes) one item with its index rows and,
    /// when the table has a stream and something changed, its stream record — all inside the caller's
    /// write unit. Returns the stream that got a record, to be notified after the commit.</summary>
    private TableStreamInfo? StoreItem(SqliteConnection connection, TableState table, ItemKey key,
        IReadOnlyDictionary<string, AttributeValue>? previous, IReadOnlyDictionary<string, AttributeValue>? next, bool byService = false)
    {
        if (next is not null && ItemSize(next) > MaxItemBytes)
            throw TableErrors.ItemTooLarge();
        if (previous is null && next is null)
            return null;
        if (previous is not null && next is not null && previous.Count == next.Count &&
            previous.All(kv => next.TryGetValue(kv.Key, out var v) && v.ValueEquals(kv.Value)))
            return null;

        if (next is null)
        {
            var delete = _commands.Get(connection, "DELETE FROM ddb_items WHERE table_id = $t AND hk = $h AND rk = $r");
            delete.Set("$t", table.Id);
            delete.Set("$h", key.Hash);
            delete.Set("$r", key.Range);
            delete.ExecuteNonQuery();
        }
        else
        {
            var upsert = _commands.Get(connection, """
                INSERT INTO ddb_items (table_id, hk, rk, seg, size, ttl, item) VALUES ($t, $h, $r, $seg, $size, $ttl, $item)
                ON CONFLICT (table_id, hk, rk) DO UPDATE SET size = excluded.size, ttl = excluded.ttl, item = excluded.item
                """);
            upsert.Set("$t", table.Id);
            upsert.Set("$h", key.Hash);
            upsert.Set("$r", key.Range);
            upsert.Set("$seg", KeyCodec.Segment(key.Hash));
            upsert.Set("$size", ItemSize(next));
            upsert.Set("$ttl", TtlOf(table, next));
            upsert.Set("$item", AttributeJson.Serialize(next));
            upsert.ExecuteNonQuery();
        }

        if (table.Definition.Indexes.Count > 0)
        {
            if (previous is not null)
            {
                var deleteIndex = _commands.Get(connection, "DELETE FROM ddb_index_items WHERE table_id = $t AND hk = $h AND rk = $r");
                deleteIndex.Set("$t", table.Id);
                deleteIndex.Set("$h", key.Hash);
                deleteIndex.Set("$r", key.Range);
                deleteIndex.ExecuteNonQuery();
            }

            if (next is not null)
            {
                foreach (var index in table.Definition.Indexes)
                    InsertIndexRow(connection, table, index, key.Hash, key.Range, next);
            }
        }

        if (table.Stream is not { } stream)
            return null;
        AppendStreamRecord(connection, table, stream, key, previous, next, byService);
        return stream;
    }

    private void InsertIndexRow(SqliteConnection connection, TableState table, IndexDefinition index, byte[] hk, byte[] rk,
        IReadOnlyDictionary<string, AttributeValue> item)
    {
        // Sparse indexes: an item without the index's key attributes (or with another type) is not in it.
        if (!item.TryGetValue(index.HashKey, out var hash) || hash.Kind.ToString() != table.Definition.TypeOf(index.HashKey))
            return;
        AttributeValue? range = null;
        if (index.RangeKey is not null &&
            (!item.TryGetValue(index.RangeKey, out range) || range.Kind.ToString() != table.Definition.TypeOf(index.RangeKey)))
            return;
        var insert = _commands.Get(connection, """
            INSERT OR REPLACE INTO ddb_index_items (table_id, index_name, ihk, irk, hk, rk) VALUES ($t, $i, $ih, $ir, $h, $r)
            """);
        insert.Set("$t", table.Id);
        insert.Set("$i", index.Name);
        insert.Set("$ih", KeyCodec.Encode(hash));
        insert.Set("$ir", range is null ? Array.Empty<byte>() : KeyCodec.Encode(range));
        insert.Set("$h", hk);
        insert.Set("$r", rk);
        insert.ExecuteNonQuery();
    }

    private static long? TtlOf(TableState table, IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (table.TtlAttribute is not { } attribute || !item.TryGetValue(attribute, out var value) || value.Kind != AttributeKind.N)
            return null;
        // Epoch seconds; fractions are cut, absurd values ignored (DynamoDB skips items more than five years past).
        var text = value.N.ToString();
        var point = text.IndexOf('.', StringComparison.Ordinal);
        return long.TryParse(point < 0 ? text : text[..point], System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }

    private void AppendStreamRecord(SqliteConnection connection, TableState table, TableStreamInfo stream, ItemKey key,
        IReadOnlyDictionary<string, AttributeValue>? previous, IReadOnlyDictionary<string, AttributeValue>? next, bool byService)
    {
        var eventName = previous is null ? "INSERT" : next is null ? "REMOVE" : "MODIFY";
        var view = stream.ViewType;
        var newImage = view is "NEW_IMAGE" or "NEW_AND_OLD_IMAGES" ? next : null;
        var oldImage = view is "OLD_IMAGE" or "NEW_AND_OLD_IMAGES" ? previous : null;
        var keys = KeyAttributes(table, (next ?? previous)!);
        var size = ItemSize(keys) + (newImage is null ? 0 : ItemSize(newImage)) + (oldImage is null ? 0 : ItemSize(oldImage));
        var insert = _commands.Get(connection, """
            INSERT INTO ddb_stream_records (stream_id, created_ms, event_id, event_name, keys, new_image, old_image, size, by_service)
            VALUES ($s, $now, $id, $name, $keys, $new, $old, $size, $service)
            """);
        insert.Set("$s", stream.Id);
        insert.Set("$now", NowMs);
        insert.Set("$id", Guid.NewGuid().ToString("N"));
        insert.Set("$name", eventName);
        insert.Set("$keys", AttributeJson.Serialize(keys));
        insert.Set("$new", newImage is null ? DBNull.Value : AttributeJson.Serialize(newImage));
        insert.Set("$old", oldImage is null ? DBNull.Value : AttributeJson.Serialize(oldImage));
        insert.Set("$size", size);
        insert.Set("$service", byService ? 1 : 0);
        insert.ExecuteNonQuery();
    }
}
