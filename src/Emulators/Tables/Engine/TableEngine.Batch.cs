using Platform.Emulators.Tables.Engine.Expressions;

namespace Platform.Emulators.Tables.Engine;

public sealed partial class TableEngine
{
    public const int MaxBatchWrites = 25;
    public const int MaxBatchGets = 100;
    public const int MaxTransactItems = 100;

    // ClientRequestToken → when it was used and a fingerprint of its request (idempotency for 10 minutes).
    private readonly Dictionary<string, (long AtMs, string Fingerprint)> _tokens = new(StringComparer.Ordinal);

    /// <summary>BatchWriteItem: every put and delete in one commit. Nothing is throttled here, so
    /// nothing is ever left unprocessed.</summary>
    public async Task BatchWriteAsync(IReadOnlyList<BatchWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count is 0 or > MaxBatchWrites)
            throw TableErrors.Constraint("{...}", "requestItems", "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            var table = GetTable(write.TableName, forItems: false);
            var key = write.Item is not null ? KeyOfItem(table, write.Item) : KeyOf(table, write.Key);
            if (!seen.Add(write.TableName + "\0" + Convert.ToBase64String(key.Hash) + "\0" + Convert.ToBase64String(key.Range)))
                throw TableErrors.Validation("Provided list of item keys contains duplicates");
            if (write.Item is not null && ItemSize(write.Item) > MaxItemBytes)
                throw TableErrors.ItemTooLarge();
        }

        var streams = await _database.WriteAsync(connection =>
        {
            var touched = new HashSet<TableStreamInfo>();
            foreach (var write in writes)
            {
                var table = GetTable(write.TableName, forItems: false);
                var key = write.Item is not null ? KeyOfItem(table, write.Item) : KeyOf(table, write.Key);
                var previous = LoadItem(connection, table, key);
                if (StoreItem(connection, table, key, previous, write.Item) is { } stream)
                    touched.Add(stream);
            }

            return touched;
        }, cancellationToken).ConfigureAwait(false);
        foreach (var stream in streams)
            Notify(stream);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, AttributeValue>>> BatchGet(IReadOnlyList<BatchGet> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var total = requests.Sum(r => r.Keys.Count);
        if (total > MaxBatchGets)
            throw TableErrors.Validation("Too many items requested for the BatchGetItem call");
        if (total == 0)
            throw TableErrors.Constraint("{...}", "requestItems", "Member must have length greater than or equal to 1");
        var result = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, AttributeValue>>>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var projection = ParseProjection(request.ProjectionExpression, request.ExpressionAttributeNames);
            var table = GetTable(request.TableName, forItems: false);
            var keys = request.Keys.Select(k => KeyOf(table, k)).ToList();
            if (keys.Select(k => Convert.ToBase64String(k.Hash) + "\0" + Convert.ToBase64String(k.Range)).Distinct().Count() != keys.Count)
                throw TableErrors.Validation("Provided list of item keys contains duplicates");
            var items = _database.Read(connection => keys.Select(k => LoadItemForRead(connection, table, k)).OfType<Dictionary<string, AttributeValue>>().ToList());
            result[request.TableName] = items.Select(i => projection is null ? (IReadOnlyDictionary<string, AttributeValue>)i : Projection.Apply(i, projection)).ToList();
        }

        return result;
    }

    /// <summary>TransactWriteItems: every condition is checked first; if any fails nothing is written
    /// and TransactionCanceledException lists a reason per action. A repeated ClientRequestToken
    /// within 10 minutes does not write again.</summary>
    public async Task TransactWriteAsync(IReadOnlyList<TransactAction> actions, string? clientRequestToken = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxTransactItems)
            throw TableErrors.Constraint("[...]", "transactItems", "Member must have length less than or equal to 100, Member must have length greater than or equal to 1");
        var prepared = actions.Select(Prepare).ToList();
        var fingerprint = string.Join("|", actions.Select(a => a.Kind + a.TableName + (a.Item is null ? "" : Convert.ToBase64String(AttributeJson.Serialize(a.Item))) + (a.Key is null ? "" : Convert.ToBase64String(AttributeJson.Serialize(a.Key))) + a.UpdateExpression + a.Options.ConditionExpression));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (action, _, _) in prepared)
        {
            var table = GetTable(action.TableName);
            var key = action.Item is not null ? KeyOfItem(table, action.Item) : KeyOf(table, action.Key);
            if (!seen.Add(action.TableName + "\0" + Convert.ToBase64String(key.Hash) + "\0" + Convert.ToBase64String(key.Range)))
                throw TableErrors.Validation("Transaction request cannot include multiple operations on one item");
        }

        var streams = await _database.WriteAsync(connection =>
        {
            if (clientRequestToken is not null)
            {
                var now = NowMs;
                foreach (var stale in _tokens.Where(t => now - t.Value.AtMs > 600_000).Select(t => t.Key).ToList())
                    _tokens.Remove(stale);
                if (_tokens.TryGetValue(clientRequestToken, out var used))
                {
                    if (used.Fingerprint != fingerprint)
                        throw new TableException("IdempotentParameterMismatchException", "The request uses the same client token as a previous, but non-identical request.");
                    return [];
                }
            }

            var reasons = new List<CancellationReason>();
            var plans = new List<(TableState Table, ItemKey Key, IReadOnlyDictionary<string, AttributeValue>? Previous, IReadOnlyDictionary<string, AttributeValue>? Next, bool Write)>();
            foreach (var (action, condition, updates) in prepared)
            {
                var table = GetTable(action.TableName);
                var key = action.Item is not null ? KeyOfItem(table, action.Item) : KeyOf(table, action.Key);
                var previous = LoadItem(connection, table, key);
                if (condition is not null && !ExpressionEvaluator.Evaluate(condition, previous))
                {
                    reasons.Add(new CancellationReason("ConditionalCheckFailed", "The conditional request failed",
                        action.Options.ReturnValuesOnConditionCheckFailure == "ALL_OLD" ? previous : null));
                    continue;
                }

                try
                {
                    IReadOnlyDictionary<string, AttributeValue>? next = action.Kind switch
                    {
                        "Put" => action.Item,
                        "Delete" => null,
                        "Update" => Updated(table, key, previous, updates!),
                        _ => previous,
                    };
                    if (next is not null && ItemSize(next) > MaxItemBytes)
                        throw TableErrors.ItemTooLarge();
                    reasons.Add(new CancellationReason("None", null));
                    plans.Add((table, key, previous, next, action.Kind != "ConditionCheck"));
                }
                catch (TableException error) when (error.Code == "ValidationException")
                {
                    reasons.Add(new CancellationReason("ValidationError", error.Message));
                }
            }

            if (reasons.Any(r => r.Code != "None"))
                throw new TableException("TransactionCanceledException",
                    $"Transaction cancelled, please refer cancellation reasons for specific reasons [{string.Join(", ", reasons.Select(r => r.Code))}]")
                { CancellationReasons = reasons };
            var touched = new HashSet<TableStreamInfo>();
            foreach (var plan in plans.Where(p => p.Write))
            {
                if (StoreItem(connection, plan.Table, plan.Key, plan.Previous, plan.Next) is { } stream)
                    touched.Add(stream);
            }

            if (clientRequestToken is not null)
                _tokens[clientRequestToken] = (NowMs, fingerprint);
            return touched;
        }, cancellationToken).ConfigureAwait(false);
        foreach (var stream in streams)
            Notify(stream);
    }

    private static Dictionary<string, AttributeValue> Updated(TableState table, ItemKey key,
        IReadOnlyDictionary<string, AttributeValue>? previous, IReadOnlyList<UpdateAction> updates)
    {
        var next = UpdateApplier.Apply(updates, previous, table.Definition.KeyNames.ToList());
        foreach (var (name, value) in key.Attributes)
            next[name] = value;
        return next;
    }

    private static (TransactAction Action, Condition? Condition, IReadOnlyList<UpdateAction>? Updates) Prepare(TransactAction action)
    {
        if (action.Kind is not ("Put" or "Update" or "Delete" or "ConditionCheck"))
            throw TableErrors.Validation("TransactItems can only contain one of Check, Put, Update or Delete");
        if (action.Kind == "ConditionCheck" && action.Options.ConditionExpression is null)
            throw TableErrors.Validation("The ConditionExpression parameter is required for a ConditionCheck");
        var context = new ExpressionContext(action.Options.ExpressionAttributeNames, action.Options.ExpressionAttributeValues);
        var updates = action.Kind == "Update"
            ? ExpressionParser.ParseUpdate(action.UpdateExpression ?? throw TableErrors.Validation("UpdateExpression is required for an Update"), context)
            : null;
        var condition = action.Options.ConditionExpression is null ? null
            : ExpressionParser.ParseCondition(action.Options.ConditionExpression, "ConditionExpression", context);
        context.EnsureAllUsed();
        return (action, condition, updates);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, AttributeValue>?> TransactGet(IReadOnlyList<BatchGet> gets)
    {
        ArgumentNullException.ThrowIfNull(gets);
        if (gets.Count is 0 or > MaxTransactItems)
            throw TableErrors.Constraint("[...]", "transactItems", "Member must have length less than or equal to 100, Member must have length greater than or equal to 1");
        var prepared = gets.Select(g => (Table: GetTable(g.TableName), Key: KeyOf(GetTable(g.TableName), g.Keys[0]),
            Projection: ParseProjection(g.ProjectionExpression, g.ExpressionAttributeNames))).ToList();
        // One read connection, one snapshot: the items are read as of one commit.
        return _database.Read(connection =>
        {
            using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN";
            begin.ExecuteNonQuery();
            try
            {
                return prepared.Select(p => LoadItemForRead(connection, p.Table, p.Key) is { } item
                    ? p.Projection is null ? item : (IReadOnlyDictionary<string, AttributeValue>?)Projection.Apply(item, p.Projection)
                    : null).ToList();
            }
            finally
            {
                using var end = connection.CreateCommand();
                end.CommandText = "COMMIT";
                end.ExecuteNonQuery();
            }
        });
    }
}
