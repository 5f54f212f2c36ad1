using Platform.Emulators.Tables.Engine.Expressions;

namespace Platform.Emulators.Tables.Engine;

public sealed partial class TableEngine
{
    public async Task<IReadOnlyDictionary<string, AttributeValue>?> PutItemAsync(string tableName,
        IReadOnlyDictionary<string, AttributeValue> item, ItemWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= ItemWriteOptions.None;
        if (options.ReturnValues is not ("NONE" or "ALL_OLD"))
            throw TableErrors.Validation("ReturnValues can only be ALL_OLD or NONE");
        var condition = ParseCondition(options);
        GetTable(tableName);
        if (ItemSize(item) > MaxItemBytes)
            throw TableErrors.ItemTooLarge();
        var (old, stream) = await _database.WriteAsync<(Dictionary<string, AttributeValue>?, TableStreamInfo?)>(connection =>
        {
            var table = GetTable(tableName);
            var key = KeyOfItem(table, item);
            // Nothing needs the old item (no condition, no old values returned, no index rows to
            // replace, no stream record): overwrite without reading it — the common put is one statement.
            if (condition is null && options.ReturnValues == "NONE" && table.Stream is null && table.Definition.Indexes.Count == 0)
            {
                StoreItem(connection, table, key, null, item);
                return (null, null);
            }

            var previous = LoadItem(connection, table, key);
            Check(condition, previous, options);
            return (previous, StoreItem(connection, table, key, previous, item));
        }, cancellationToken).ConfigureAwait(false);
        Notify(stream);
        return options.ReturnValues == "ALL_OLD" ? old : null;
    }

    public async Task<IReadOnlyDictionary<string, AttributeValue>?> DeleteItemAsync(string tableName,
        IReadOnlyDictionary<string, AttributeValue> key, ItemWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= ItemWriteOptions.None;
        if (options.ReturnValues is not ("NONE" or "ALL_OLD"))
            throw TableErrors.Validation("ReturnValues can only be ALL_OLD or NONE");
        var condition = ParseCondition(options);
        GetTable(tableName);
        var (old, stream) = await _database.WriteAsync(connection =>
        {
            var table = GetTable(tableName);
            var itemKey = KeyOf(table, key);
            var previous = LoadItem(connection, table, itemKey);
            Check(condition, previous, options);
            return (previous, StoreItem(connection, table, itemKey, previous, null));
        }, cancellationToken).ConfigureAwait(false);
        Notify(stream);
        return options.ReturnValues == "ALL_OLD" ? old : null;
    }

    /// <summary>UpdateItem with an UpdateExpression (an update without one only creates the item's key,
    /// as DynamoDB's upsert does). Returns what ReturnValues asks for.</summary>
    public async Task<IReadOnlyDictionary<string, AttributeValue>?> UpdateItemAsync(string tableName,
        IReadOnlyDictionary<string, AttributeValue> key, string? updateExpression, ItemWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= ItemWriteOptions.None;
        if (options.ReturnValues is not ("NONE" or "ALL_OLD" or "UPDATED_OLD" or "ALL_NEW" or "UPDATED_NEW"))
            throw TableErrors.Constraint(options.ReturnValues, "returnValues", "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        var context = new ExpressionContext(options.ExpressionAttributeNames, options.ExpressionAttributeValues);
        var actions = updateExpression is null ? [] : ExpressionParser.ParseUpdate(updateExpression, context);
        var condition = options.ConditionExpression is null ? null : ExpressionParser.ParseCondition(options.ConditionExpression, "ConditionExpression", context);
        context.EnsureAllUsed();
        GetTable(tableName);
        var (old, updated, stream) = await _database.WriteAsync(connection =>
        {
            var table = GetTable(tableName);
            var itemKey = KeyOf(table, key);
            var previous = LoadItem(connection, table, itemKey);
            Check(condition, previous, options);
            var next = UpdateApplier.Apply(actions, previous, table.Definition.KeyNames.ToList());
            foreach (var (name, value) in itemKey.Attributes)
                next[name] = value;
            KeyOfItem(table, next);
            return (previous, next, StoreItem(connection, table, itemKey, previous, next));
        }, cancellationToken).ConfigureAwait(false);
        Notify(stream);
        var touched = actions.Select(a => new DocumentPath([a.Path.Elements[0]])).DistinctBy(p => p.Head).ToList();
        return options.ReturnValues switch
        {
            "ALL_OLD" => old,
            "ALL_NEW" => updated,
            "UPDATED_OLD" => old is null ? null : Projection.Apply(old, touched),
            "UPDATED_NEW" => Projection.Apply(updated, touched),
            _ => null,
        };
    }

    public IReadOnlyDictionary<string, AttributeValue>? GetItem(string tableName, IReadOnlyDictionary<string, AttributeValue> key,
        string? projectionExpression = null, IReadOnlyDictionary<string, string>? names = null)
    {
        var projection = ParseProjection(projectionExpression, names);
        var table = GetTable(tableName);
        var itemKey = KeyOf(table, key);
        var item = _database.Read(connection => LoadItemForRead(connection, table, itemKey));
        return item is null || projection is null ? item : Projection.Apply(item, projection);
    }

    internal static IReadOnlyList<DocumentPath>? ParseProjection(string? projectionExpression, IReadOnlyDictionary<string, string>? names)
    {
        if (projectionExpression is null)
        {
            if (names is not null)
                new ExpressionContext(names, null).EnsureAllUsed();
            return null;
        }

        var context = new ExpressionContext(names, null);
        var paths = ExpressionParser.ParseProjection(projectionExpression, context);
        context.EnsureAllUsed();
        return paths;
    }

    private static Condition? ParseCondition(ItemWriteOptions options)
    {
        var context = new ExpressionContext(options.ExpressionAttributeNames, options.ExpressionAttributeValues);
        var condition = options.ConditionExpression is null ? null : ExpressionParser.ParseCondition(options.ConditionExpression, "ConditionExpression", context);
        context.EnsureAllUsed();
        return condition;
    }

    private static void Check(Condition? condition, IReadOnlyDictionary<string, AttributeValue>? item, ItemWriteOptions options)
    {
        if (condition is not null && !ExpressionEvaluator.Evaluate(condition, item))
            throw TableErrors.ConditionalCheckFailed(options.ReturnValuesOnConditionCheckFailure == "ALL_OLD" ? item : null);
    }

    private static Dictionary<string, AttributeValue>? LoadItemForRead(Microsoft.Data.Sqlite.SqliteConnection connection, TableState table, ItemKey key)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT item FROM ddb_items WHERE table_id = $t AND hk = $h AND rk = $r";
        select.Parameters.AddWithValue("$t", table.Id);
        select.Parameters.AddWithValue("$h", key.Hash);
        select.Parameters.AddWithValue("$r", key.Range);
        return select.ExecuteScalar() is byte[] json ? AttributeJson.ReadItem(json) : null;
    }
}
