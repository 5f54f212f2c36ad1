using System.Data.Common;
using Microsoft.Data.Sqlite;
using Platform.Emulators.Tables.Engine.Expressions;

namespace Platform.Emulators.Tables.Engine;

public sealed partial class TableEngine
{
    private const int MaxPageBytes = 1024 * 1024;

    public ReadResult Query(ReadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.KeyConditionExpression is null)
            throw TableErrors.Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        return Read(request, isQuery: true);
    }

    public ReadResult Scan(ReadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Segment is not null != request.TotalSegments is not null)
            throw TableErrors.Validation(request.Segment is null
                ? "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"
                : "The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
        if (request.TotalSegments is < 1 or > 1000000)
            throw TableErrors.Constraint(request.TotalSegments.ToString()!, "totalSegments",
                request.TotalSegments < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 1000000");
        if (request.Segment is < 0)
            throw TableErrors.Constraint(request.Segment.ToString()!, "segment", "Member must have value greater than or equal to 0");
        if (request.Segment is { } segment && segment >= request.TotalSegments)
            throw TableErrors.Validation($"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {request.TotalSegments}");
        return Read(request, isQuery: false);
    }

    private ReadResult Read(ReadRequest request, bool isQuery)
    {
        if (request.Limit is < 1)
            throw TableErrors.Constraint(request.Limit.ToString()!, "limit", "Member must have value greater than or equal to 1");
        var select = request.Select ?? (request.ProjectionExpression is null ? "ALL_ATTRIBUTES" : "SPECIFIC_ATTRIBUTES");
        if (select is not ("ALL_ATTRIBUTES" or "ALL_PROJECTED_ATTRIBUTES" or "SPECIFIC_ATTRIBUTES" or "COUNT"))
            throw TableErrors.Constraint(select, "select", "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        if (request.ProjectionExpression is not null && select != "SPECIFIC_ATTRIBUTES")
            throw TableErrors.Validation($"Cannot specify the ProjectionExpression when choosing to get {select}");
        var context = new ExpressionContext(request.ExpressionAttributeNames, request.ExpressionAttributeValues);
        var keyCondition = isQuery ? ExpressionParser.ParseCondition(request.KeyConditionExpression!, "KeyConditionExpression", context) : null;
        var filter = request.FilterExpression is null ? null : ExpressionParser.ParseCondition(request.FilterExpression, "FilterExpression", context);
        var projection = request.ProjectionExpression is null ? null : ExpressionParser.ParseProjection(request.ProjectionExpression, context);
        context.EnsureAllUsed();

        var table = GetTable(request.TableName);
        IndexDefinition? index = null;
        if (request.IndexName is not null)
        {
            index = table.Definition.Indexes.FirstOrDefault(i => i.Name == request.IndexName)
                    ?? throw TableErrors.Validation($"The table does not have the specified index: {request.IndexName}");
            if (request.ConsistentRead && index.Global)
                throw TableErrors.Validation("Consistent reads are not supported on global secondary indexes");
            if (select == "ALL_ATTRIBUTES" && index.ProjectionType != "ALL" && request.Select is not null)
                throw TableErrors.Validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index " + index.Name + " because its projection type is not ALL");
        }
        else if (request.Select == "ALL_PROJECTED_ATTRIBUTES")
        {
            throw TableErrors.Validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }

        var hashName = index?.HashKey ?? table.Definition.HashKey;
        var rangeName = index is null ? table.Definition.RangeKey : index.RangeKey;
        var keys = isQuery ? KeyConditions.Analyze(keyCondition!, hashName, rangeName, table.Definition) : null;
        var start = StartPosition(table, index, request.ExclusiveStartKey);

        return _database.Read(connection =>
        {
            using var command = BuildReadCommand(connection, table, index, keys, start, request, isQuery);
            using var reader = command.ExecuteReader();
            var items = new List<IReadOnlyDictionary<string, AttributeValue>>();
            var scanned = 0;
            var count = 0;
            var bytes = 0;
            IReadOnlyDictionary<string, AttributeValue>? last = null;
            var more = false;
            while (reader.Read())
            {
                if ((request.Limit is { } limit && scanned >= limit) || bytes >= MaxPageBytes)
                {
                    more = true;
                    break;
                }

                var item = AttributeJson.ReadItem((byte[])reader[0]);
                if (keys?.RangePrefix is { } prefix && !KeyCodec.Encode(item[rangeName!]).AsSpan().StartsWith(prefix))
                    continue;
                scanned++;
                bytes += ItemSize(item);
                last = item;
                if (filter is not null && !ExpressionEvaluator.Evaluate(filter, item))
                    continue;
                count++;
                if (select == "COUNT")
                    continue;
                var visible = index is null ? item : ProjectForIndex(table, index, item);
                items.Add(projection is null ? visible : Projection.Apply(visible, projection));
            }

            return new ReadResult(items, count, scanned, more && last is not null ? LastKey(table, index, last) : null);
        });
    }

    private static Dictionary<string, AttributeValue> LastKey(TableState table, IndexDefinition? index, IReadOnlyDictionary<string, AttributeValue> item)
    {
        var key = KeyAttributes(table, item);
        if (index is not null)
        {
            key[index.HashKey] = item[index.HashKey];
            if (index.RangeKey is not null)
                key[index.RangeKey] = item[index.RangeKey];
        }

        return key;
    }

    private static IReadOnlyDictionary<string, AttributeValue> ProjectForIndex(TableState table, IndexDefinition index, IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (index.ProjectionType == "ALL")
            return item;
        var keep = new HashSet<string>(table.Definition.KeyNames, StringComparer.Ordinal) { index.HashKey };
        if (index.RangeKey is not null)
            keep.Add(index.RangeKey);
        if (index.ProjectionType == "INCLUDE")
            keep.UnionWith(index.NonKeyAttributes);
        return item.Where(kv => keep.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>The encoded position after ExclusiveStartKey: (index hash, index range,) table hash, table range.</summary>
    private static byte[][]? StartPosition(TableState table, IndexDefinition? index, IReadOnlyDictionary<string, AttributeValue>? start)
    {
        if (start is null)
            return null;
        var expected = new HashSet<string>(table.Definition.KeyNames, StringComparer.Ordinal);
        if (index is not null)
        {
            expected.Add(index.HashKey);
            if (index.RangeKey is not null)
                expected.Add(index.RangeKey);
        }

        if (start.Count != expected.Count || !expected.All(start.ContainsKey))
            throw TableErrors.Validation("The provided starting key is invalid: The provided key element does not match the schema");
        var key = KeyOf(table, KeyAttributes(table, start));
        if (index is null)
            return [key.Hash, key.Range];
        var indexHash = start[index.HashKey];
        var indexRange = index.RangeKey is null ? null : start[index.RangeKey];
        return [KeyCodec.Encode(indexHash), indexRange is null ? [] : KeyCodec.Encode(indexRange), key.Hash, key.Range];
    }

    private static SqliteCommand BuildReadCommand(SqliteConnection connection, TableState table, IndexDefinition? index,
        KeyConditions? keys, byte[][]? start, ReadRequest request, bool isQuery)
    {
        var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$t", table.Id);
        var where = new List<string> { index is null ? "i.table_id = $t" : "x.table_id = $t AND x.index_name = $n" };
        if (index is not null)
            command.Parameters.AddWithValue("$n", index.Name);
        var h = index is null ? "i.hk" : "x.ihk";
        var r = index is null ? "i.rk" : "x.irk";
        var forward = !isQuery || request.ScanIndexForward;
        if (keys is not null)
        {
            where.Add($"{h} = $hash");
            command.Parameters.AddWithValue("$hash", keys.Hash);
            if (keys.Lower is { } lower)
            {
                where.Add($"{r} {(keys.LowerInclusive ? ">=" : ">")} $lo");
                command.Parameters.AddWithValue("$lo", lower);
            }

            if (keys.Upper is { } upper)
            {
                where.Add($"{r} {(keys.UpperInclusive ? "<=" : "<")} $hi");
                command.Parameters.AddWithValue("$hi", upper);
            }
        }

        if (request.TotalSegments is { } total)
        {
            var size = (0x80000000L + total - 1) / total;
            where.Add("i.seg >= $segLo AND i.seg < $segHi");
            command.Parameters.AddWithValue("$segLo", request.Segment!.Value * size);
            command.Parameters.AddWithValue("$segHi", (request.Segment!.Value + 1) * size);
        }

        var order = index is null
            ? (isQuery ? new[] { "i.rk" } : ["i.hk", "i.rk"])
            : (isQuery ? ["x.irk", "x.hk", "x.rk"] : ["x.ihk", "x.irk", "x.hk", "x.rk"]);
        if (start is not null)
        {
            var values = index is null ? (isQuery ? [start[1]] : start) : (isQuery ? start[1..] : start);
            var names = new List<string>();
            for (var k = 0; k < values.Length; k++)
            {
                command.Parameters.AddWithValue("$s" + k, values[k]);
                names.Add("$s" + k);
            }

            where.Add($"({string.Join(", ", order)}) {(forward ? ">" : "<")} ({string.Join(", ", names)})");
        }

        var direction = forward ? "" : " DESC";
        var from = index is null
            ? "ddb_items i"
            : "ddb_index_items x JOIN ddb_items i ON i.table_id = x.table_id AND i.hk = x.hk AND i.rk = x.rk";
        command.CommandText = $"SELECT i.item FROM {from} WHERE {string.Join(" AND ", where)} ORDER BY {string.Join(", ", order.Select(o => o + direction))}";
        return command;
    }
}
