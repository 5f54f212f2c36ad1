using System.Text.Json;
using Platform.Emulators.Tables.Engine;

namespace Platform.Emulators.Tables.Api;

internal sealed partial class DynamoDbOperations
{
    private async Task CreateTableAsync(TableRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var name = request.TableName();
        var attributes = AttributeDefinitions(request.Element("AttributeDefinitions") ?? throw TableRequest.Missing("AttributeDefinitions"));
        var (hash, range) = KeySchema(request.Element("KeySchema") ?? throw TableRequest.Missing("KeySchema"), "keySchema");
        var billing = request.String("BillingMode") ?? "PROVISIONED";
        var (read, write) = Throughput(request.Element("ProvisionedThroughput"), billing, "");
        var indexes = new List<IndexDefinition>();
        foreach (var index in request.Element("LocalSecondaryIndexes")?.EnumerateArray() ?? default)
            indexes.Add(Index(index, global: false, billing));
        foreach (var index in request.Element("GlobalSecondaryIndexes")?.EnumerateArray() ?? default)
            indexes.Add(Index(index, global: true, billing));
        var stream = request.Element("StreamSpecification");
        var streamEnabled = stream is { } s && (TableRequest.Bool(s, "StreamEnabled") ?? false);
        var definition = new TableDefinition
        {
            Name = name,
            AttributeDefinitions = attributes,
            HashKey = hash,
            RangeKey = range,
            Indexes = indexes,
            BillingMode = billing,
            ReadCapacityUnits = read,
            WriteCapacityUnits = write,
            StreamEnabled = streamEnabled,
            StreamViewType = streamEnabled ? TableRequest.String(stream!.Value, "StreamViewType") : null,
            TableClass = request.String("TableClass") ?? "STANDARD",
            DeletionProtectionEnabled = request.Bool("DeletionProtectionEnabled") ?? false,
        };
        var table = await engine.CreateTableAsync(definition, Tags(request.Element("Tags")), cancellationToken).ConfigureAwait(false);
        WriteTable(writer, "TableDescription", new TableSummary(table, 0, 0, new Dictionary<string, long>()), "ACTIVE");
    }

    private static (long Read, long Write) Throughput(JsonElement? element, string billing, string indexMember)
    {
        if (billing == "PAY_PER_REQUEST")
        {
            if (element is { } given && (TableRequest.Long(given, "ReadCapacityUnits") > 0 || TableRequest.Long(given, "WriteCapacityUnits") > 0))
                throw new TableException("ValidationException", "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            return (0, 0);
        }

        if (element is not { } throughput)
            throw new TableException("ValidationException", indexMember.Length == 0
                ? "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
                : $"One or more parameter values were invalid: ProvisionedThroughput must be specified for index: {indexMember}");
        var read = TableRequest.Long(throughput, "ReadCapacityUnits") ?? throw TableRequest.Missing("ReadCapacityUnits");
        var write = TableRequest.Long(throughput, "WriteCapacityUnits") ?? throw TableRequest.Missing("WriteCapacityUnits");
        if (read < 1 || write < 1)
            throw new TableException("ValidationException", "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1");
        return (read, write);
    }

    private static List<AttributeDefinition> AttributeDefinitions(JsonElement element) =>
        element.EnumerateArray().Select(a => new AttributeDefinition(TableRequest.Required(a, "AttributeName"), TableRequest.Required(a, "AttributeType"))).ToList();

    private static (string Hash, string? Range) KeySchema(JsonElement element, string member)
    {
        var keys = element.EnumerateArray().Select(k => (Name: TableRequest.Required(k, "AttributeName"), Type: TableRequest.Required(k, "KeyType"))).ToList();
        if (keys.Count is 0 or > 2)
            throw new TableException("ValidationException", $"1 validation error detected: Value '[...]' at '{member}' failed to satisfy constraint: Member must have length less than or equal to 2");
        if (keys[0].Type != "HASH" || keys.Skip(1).Any(k => k.Type != "RANGE"))
            throw new TableException("ValidationException", keys[0].Type != "HASH"
                ? "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
                : "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        if (keys.Count == 2 && keys[0].Name == keys[1].Name)
            throw new TableException("ValidationException", "Both the Hash Key and the Range Key element in the KeySchema have the same name");
        return (keys[0].Name, keys.Count == 2 ? keys[1].Name : null);
    }

    private static IndexDefinition Index(JsonElement element, bool global, string billing)
    {
        var name = TableRequest.Required(element, "IndexName");
        var (hash, range) = KeySchema(TableRequest.Element(element, "KeySchema") ?? throw TableRequest.Missing("KeySchema"), "keySchema");
        var projection = TableRequest.Element(element, "Projection") ?? throw TableRequest.Missing("Projection");
        var (read, write) = global ? Throughput(TableRequest.Element(element, "ProvisionedThroughput"), billing, name) : (0, 0);
        return new IndexDefinition
        {
            Name = name,
            Global = global,
            HashKey = hash,
            RangeKey = range,
            ProjectionType = TableRequest.String(projection, "ProjectionType") ?? "ALL",
            NonKeyAttributes = (TableRequest.Element(projection, "NonKeyAttributes")?.EnumerateArray().Select(e => e.GetString()!) ?? []).ToList(),
            ReadCapacityUnits = read,
            WriteCapacityUnits = write,
        };
    }

    private void DescribeTable(TableRequest request, Utf8JsonWriter writer) =>
        WriteTable(writer, "Table", engine.DescribeTable(request.TableName()), "ACTIVE");

    private void ListTables(TableRequest request, Utf8JsonWriter writer)
    {
        var limit = request.Int("Limit") ?? 100;
        if (limit is < 1 or > 100)
            throw new TableException("ValidationException", $"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value {(limit < 1 ? "greater than or equal to 1" : "less than or equal to 100")}");
        var (names, last) = engine.ListTables(request.String("ExclusiveStartTableName"), limit);
        writer.WriteStartArray("TableNames");
        foreach (var name in names)
            writer.WriteStringValue(name);
        writer.WriteEndArray();
        if (last is not null)
            writer.WriteString("LastEvaluatedTableName", last);
    }

    private async Task DeleteTableAsync(TableRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var summary = await engine.DeleteTableAsync(request.TableName(), cancellationToken).ConfigureAwait(false);
        WriteTable(writer, "TableDescription", summary, "DELETING");
    }

    private async Task UpdateTableAsync(TableRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var name = request.TableName();
        var current = engine.DescribeTable(name).Table.Definition;
        var billing = request.String("BillingMode");
        var throughput = request.Element("ProvisionedThroughput");
        var stream = request.Element("StreamSpecification");
        var created = new List<IndexDefinition>();
        var deleted = new List<string>();
        foreach (var change in request.Element("GlobalSecondaryIndexUpdates")?.EnumerateArray() ?? default)
        {
            if (TableRequest.Element(change, "Create") is { } create)
                created.Add(Index(create, global: true, billing ?? current.BillingMode));
            else if (TableRequest.Element(change, "Delete") is { } delete)
                deleted.Add(TableRequest.Required(delete, "IndexName"));
        }

        var update = new TableUpdate
        {
            BillingMode = billing,
            ReadCapacityUnits = throughput is { } t ? TableRequest.Long(t, "ReadCapacityUnits") : null,
            WriteCapacityUnits = throughput is { } w ? TableRequest.Long(w, "WriteCapacityUnits") : null,
            StreamEnabled = stream is { } s ? TableRequest.Bool(s, "StreamEnabled") : null,
            StreamViewType = stream is { } v ? TableRequest.String(v, "StreamViewType") : null,
            DeletionProtectionEnabled = request.Bool("DeletionProtectionEnabled"),
            TableClass = request.String("TableClass"),
            AttributeDefinitions = request.Element("AttributeDefinitions") is { } a ? AttributeDefinitions(a) : [],
            CreatedIndexes = created,
            DeletedIndexes = deleted,
        };
        await engine.UpdateTableAsync(name, update, cancellationToken).ConfigureAwait(false);
        WriteTable(writer, "TableDescription", engine.DescribeTable(name), "ACTIVE");
    }

    private void WriteTable(Utf8JsonWriter writer, string property, TableSummary summary, string status)
    {
        var table = summary.Table;
        var definition = table.Definition;
        writer.WriteStartObject(property);
        writer.WriteStartArray("AttributeDefinitions");
        foreach (var attribute in definition.AttributeDefinitions)
        {
            writer.WriteStartObject();
            writer.WriteString("AttributeName", attribute.AttributeName);
            writer.WriteString("AttributeType", attribute.AttributeType);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("TableName", definition.Name);
        WriteKeySchema(writer, definition.HashKey, definition.RangeKey);
        writer.WriteString("TableStatus", status);
        WriteTimestamp(writer, "CreationDateTime", table.CreatedMs);
        WriteThroughput(writer, definition.ReadCapacityUnits, definition.WriteCapacityUnits);
        writer.WriteNumber("TableSizeBytes", summary.SizeBytes);
        writer.WriteNumber("ItemCount", summary.ItemCount);
        writer.WriteString("TableArn", table.Arn);
        writer.WriteString("TableId", new Guid((int)table.Id, 0, 0, new byte[8]).ToString());
        if (definition.BillingMode == "PAY_PER_REQUEST")
        {
            writer.WriteStartObject("BillingModeSummary");
            writer.WriteString("BillingMode", "PAY_PER_REQUEST");
            WriteTimestamp(writer, "LastUpdateToPayPerRequestDateTime", table.CreatedMs);
            writer.WriteEndObject();
        }

        WriteIndexes(writer, summary, global: false);
        WriteIndexes(writer, summary, global: true);
        if (table.Stream is { Enabled: true } stream)
        {
            writer.WriteStartObject("StreamSpecification");
            writer.WriteBoolean("StreamEnabled", true);
            writer.WriteString("StreamViewType", stream.ViewType);
            writer.WriteEndObject();
        }

        if (table.Stream is { } latest)
        {
            writer.WriteString("LatestStreamLabel", latest.Label);
            writer.WriteString("LatestStreamArn", latest.Arn);
        }

        writer.WriteStartObject("TableClassSummary");
        writer.WriteString("TableClass", definition.TableClass);
        writer.WriteEndObject();
        writer.WriteBoolean("DeletionProtectionEnabled", definition.DeletionProtectionEnabled);
        writer.WriteEndObject();
    }

    private static void WriteIndexes(Utf8JsonWriter writer, TableSummary summary, bool global)
    {
        var indexes = summary.Table.Definition.Indexes.Where(i => i.Global == global).ToList();
        if (indexes.Count == 0)
            return;
        writer.WriteStartArray(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
        foreach (var index in indexes)
        {
            writer.WriteStartObject();
            writer.WriteString("IndexName", index.Name);
            WriteKeySchema(writer, index.HashKey, index.RangeKey);
            writer.WriteStartObject("Projection");
            writer.WriteString("ProjectionType", index.ProjectionType);
            if (index.NonKeyAttributes.Count > 0)
            {
                writer.WriteStartArray("NonKeyAttributes");
                foreach (var attribute in index.NonKeyAttributes)
                    writer.WriteStringValue(attribute);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            if (global)
            {
                writer.WriteString("IndexStatus", "ACTIVE");
                WriteThroughput(writer, index.ReadCapacityUnits, index.WriteCapacityUnits);
            }

            writer.WriteNumber("IndexSizeBytes", 0);
            writer.WriteNumber("ItemCount", summary.IndexItemCounts.GetValueOrDefault(index.Name));
            writer.WriteString("IndexArn", summary.Table.Arn + "/index/" + index.Name);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteKeySchema(Utf8JsonWriter writer, string hash, string? range)
    {
        writer.WriteStartArray("KeySchema");
        writer.WriteStartObject();
        writer.WriteString("AttributeName", hash);
        writer.WriteString("KeyType", "HASH");
        writer.WriteEndObject();
        if (range is not null)
        {
            writer.WriteStartObject();
            writer.WriteString("AttributeName", range);
            writer.WriteString("KeyType", "RANGE");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteThroughput(Utf8JsonWriter writer, long read, long write)
    {
        writer.WriteStartObject("ProvisionedThroughput");
        writer.WriteNumber("NumberOfDecreasesToday", 0);
        writer.WriteNumber("ReadCapacityUnits", read);
        writer.WriteNumber("WriteCapacityUnits", write);
        writer.WriteEndObject();
    }
}
