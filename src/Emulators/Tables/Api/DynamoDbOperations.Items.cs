using System.Text.Json;
using Platform.Emulators.Tables.Engine;

namespace Platform.Emulators.Tables.Api;

internal sealed partial class DynamoDbOperations
{
    private async Task PutItemAsync(TableRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var name = request.TableName();
        var item = request.Item("Item") ?? throw TableRequest.Missing("Item");
        var old = await engine.PutItemAsync(name, item, TableRequest.WriteOptions(request.Root), cancellationToken).ConfigureAwait(false);
        if (old is not null)
            AttributeJson.WriteItem(writer, "Attributes", old);
    }

    private async Task DeleteItemAsync(TableRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var name = request.TableName();
        var key = request.Item("Key") ?? throw TableRequest.Missing("Key");
        var old = await engine.DeleteItemAsync(name, key, TableRequest.WriteOptions(request.Root), cancellationToken).ConfigureAwait(false);
        if (old is not null)
            AttributeJson.WriteItem(writer, "Attributes", old);
    }

    private async Task UpdateItemAsync(TableRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var name = request.TableName();
        var key = request.Item("Key") ?? throw TableRequest.Missing("Key");
        var legacy = LegacyParameters.Of(request.Root);
        var result = await engine.UpdateItemAsync(name, key, request.String("UpdateExpression") ?? legacy.Update, TableRequest.WriteOptions(request.Root, legacy), cancellationToken)
            .ConfigureAwait(false);
        if (result is { Count: > 0 })
            AttributeJson.WriteItem(writer, "Attributes", result);
    }

    private void GetItem(TableRequest request, Utf8JsonWriter writer)
    {
        var name = request.TableName();
        var key = request.Item("Key") ?? throw TableRequest.Missing("Key");
        var legacy = LegacyParameters.Of(request.Root);
        var item = engine.GetItem(name, key, request.String("ProjectionExpression") ?? legacy.Projection, legacy.Names());
        if (item is not null)
            AttributeJson.WriteItem(writer, "Item", item);
    }

    private void Read(TableRequest request, Utf8JsonWriter writer, bool query)
    {
        var legacy = LegacyParameters.Of(request.Root);
        var read = new ReadRequest
        {
            TableName = request.TableName(),
            IndexName = request.String("IndexName"),
            KeyConditionExpression = request.String("KeyConditionExpression") ?? legacy.KeyCondition,
            FilterExpression = request.String("FilterExpression") ?? legacy.Filter,
            ProjectionExpression = request.String("ProjectionExpression") ?? legacy.Projection,
            ExpressionAttributeNames = legacy.Names(),
            ExpressionAttributeValues = legacy.Values(),
            ScanIndexForward = request.Bool("ScanIndexForward") ?? true,
            Limit = request.Int("Limit"),
            ExclusiveStartKey = request.Item("ExclusiveStartKey"),
            Select = request.String("Select"),
            Segment = request.Int("Segment"),
            TotalSegments = request.Int("TotalSegments"),
            ConsistentRead = request.Bool("ConsistentRead") ?? false,
        };
        var result = query ? engine.Query(read) : engine.Scan(read);
        if (read.Select != "COUNT")
        {
            writer.WriteStartArray("Items");
            foreach (var item in result.Items)
                AttributeJson.WriteItem(writer, item);
            writer.WriteEndArray();
        }

        writer.WriteNumber("Count", result.Count);
        writer.WriteNumber("ScannedCount", result.ScannedCount);
        if (result.LastEvaluatedKey is not null)
            AttributeJson.WriteItem(writer, "LastEvaluatedKey", result.LastEvaluatedKey);
    }

    private async Task BatchWriteAsync(TableRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var items = request.Element("RequestItems") ?? throw TableRequest.Missing("RequestItems");
        var writes = new List<BatchWrite>();
        foreach (var table in items.EnumerateObject())
        {
            foreach (var entry in table.Value.EnumerateArray())
            {
                if (TableRequest.Element(entry, "PutRequest") is { } put)
                    writes.Add(new BatchWrite(table.Name, TableRequest.Item(put, "Item") ?? throw TableRequest.Missing("Item"), null));
                else if (TableRequest.Element(entry, "DeleteRequest") is { } delete)
                    writes.Add(new BatchWrite(table.Name, null, TableRequest.Item(delete, "Key") ?? throw TableRequest.Missing("Key")));
                else
                    throw new TableException("ValidationException", "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
            }
        }

        await engine.BatchWriteAsync(writes, cancellationToken).ConfigureAwait(false);
        writer.WriteStartObject("UnprocessedItems");
        writer.WriteEndObject();
    }

    private void BatchGet(TableRequest request, Utf8JsonWriter writer)
    {
        var items = request.Element("RequestItems") ?? throw TableRequest.Missing("RequestItems");
        var gets = new List<BatchGet>();
        foreach (var table in items.EnumerateObject())
        {
            var keys = (TableRequest.Element(table.Value, "Keys") ?? throw TableRequest.Missing("Keys"))
                .EnumerateArray().Select(k => (IReadOnlyDictionary<string, AttributeValue>)AttributeJson.ReadItem(k)).ToList();
            var legacy = LegacyParameters.Of(table.Value);
            gets.Add(new BatchGet(table.Name, keys, TableRequest.String(table.Value, "ProjectionExpression") ?? legacy.Projection, legacy.Names()));
        }

        var result = engine.BatchGet(gets);
        writer.WriteStartObject("Responses");
        foreach (var (table, found) in result)
        {
            writer.WriteStartArray(table);
            foreach (var item in found)
                AttributeJson.WriteItem(writer, item);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("UnprocessedKeys");
        writer.WriteEndObject();
    }

    private async Task TransactWriteAsync(TableRequest request, CancellationToken cancellationToken)
    {
        var actions = new List<TransactAction>();
        foreach (var entry in (request.Element("TransactItems") ?? throw TableRequest.Missing("TransactItems")).EnumerateArray())
        {
            var property = entry.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).ToList();
            if (property.Count != 1)
                throw new TableException("ValidationException", "TransactItems can only contain one of Check, Put, Update or Delete");
            var (kind, body) = (property[0].Name, property[0].Value);
            actions.Add(new TransactAction
            {
                Kind = kind,
                TableName = TableRequest.Required(body, "TableName"),
                Item = kind == "Put" ? TableRequest.Item(body, "Item") ?? throw TableRequest.Missing("Item") : null,
                Key = kind != "Put" ? TableRequest.Item(body, "Key") ?? throw TableRequest.Missing("Key") : null,
                UpdateExpression = TableRequest.String(body, "UpdateExpression"),
                Options = TableRequest.WriteOptions(body),
            });
        }

        await engine.TransactWriteAsync(actions, request.String("ClientRequestToken"), cancellationToken).ConfigureAwait(false);
    }

    private void TransactGet(TableRequest request, Utf8JsonWriter writer)
    {
        var gets = new List<BatchGet>();
        foreach (var entry in (request.Element("TransactItems") ?? throw TableRequest.Missing("TransactItems")).EnumerateArray())
        {
            var get = TableRequest.Element(entry, "Get") ?? throw TableRequest.Missing("Get");
            gets.Add(new BatchGet(TableRequest.Required(get, "TableName"), [TableRequest.Item(get, "Key") ?? throw TableRequest.Missing("Key")],
                TableRequest.String(get, "ProjectionExpression"), TableRequest.Names(get)));
        }

        var items = engine.TransactGet(gets);
        writer.WriteStartArray("Responses");
        foreach (var item in items)
        {
            writer.WriteStartObject();
            if (item is not null)
                AttributeJson.WriteItem(writer, "Item", item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
