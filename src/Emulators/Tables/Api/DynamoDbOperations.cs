using System.Text.Json;
using Platform.Emulators.Tables.Engine;

namespace Platform.Emulators.Tables.Api;

/// <summary>The DynamoDB and DynamoDB Streams operations: decode the JSON request, call the engine,
/// write the JSON reply.</summary>
internal sealed partial class DynamoDbOperations(TableEngine engine)
{
    public async Task RunAsync(string operation, TableRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        writer.WriteStartObject();
        switch (operation)
        {
            case "CreateTable": await CreateTableAsync(request, writer, cancellationToken).ConfigureAwait(false); break;
            case "DescribeTable": DescribeTable(request, writer); break;
            case "ListTables": ListTables(request, writer); break;
            case "DeleteTable": await DeleteTableAsync(request, writer, cancellationToken).ConfigureAwait(false); break;
            case "UpdateTable": await UpdateTableAsync(request, writer, cancellationToken).ConfigureAwait(false); break;
            case "PutItem": await PutItemAsync(request, writer, cancellationToken).ConfigureAwait(false); break;
            case "GetItem": GetItem(request, writer); break;
            case "UpdateItem": await UpdateItemAsync(request, writer, cancellationToken).ConfigureAwait(false); break;
            case "DeleteItem": await DeleteItemAsync(request, writer, cancellationToken).ConfigureAwait(false); break;
            case "Query": Read(request, writer, query: true); break;
            case "Scan": Read(request, writer, query: false); break;
            case "BatchWriteItem": await BatchWriteAsync(request, writer, cancellationToken).ConfigureAwait(false); break;
            case "BatchGetItem": BatchGet(request, writer); break;
            case "TransactWriteItems": await TransactWriteAsync(request, cancellationToken).ConfigureAwait(false); break;
            case "TransactGetItems": TransactGet(request, writer); break;
            case "UpdateTimeToLive": await UpdateTimeToLiveAsync(request, writer, cancellationToken).ConfigureAwait(false); break;
            case "DescribeTimeToLive": DescribeTimeToLive(request, writer); break;
            case "TagResource":
                await engine.TagResourceAsync(request.Required("ResourceArn"), Tags(request.Element("Tags")), remove: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "UntagResource":
                await engine.TagResourceAsync(request.Required("ResourceArn"), new Dictionary<string, string>(), remove: true,
                    (request.Element("TagKeys")?.EnumerateArray().Select(e => e.GetString()!) ?? []).ToList(), cancellationToken).ConfigureAwait(false);
                break;
            case "ListTagsOfResource": ListTags(request, writer); break;
            case "DescribeEndpoints": DescribeEndpoints(writer); break;
            case "DescribeLimits": DescribeLimits(writer); break;
            case "ListStreams": ListStreams(request, writer); break;
            case "DescribeStream": DescribeStream(request, writer); break;
            case "GetShardIterator": GetShardIterator(request, writer); break;
            case "GetRecords": GetRecords(request, writer); break;
            case "DescribeContinuousBackups" or "CreateBackup" or "ExecuteStatement" or "BatchExecuteStatement" or "ExecuteTransaction"
                or "CreateGlobalTable" or "UpdateGlobalTable" or "RestoreTableFromBackup" or "ExportTableToPointInTime" or "ImportTable"
                or "UpdateContinuousBackups" or "DescribeKinesisStreamingDestination" or "EnableKinesisStreamingDestination":
                throw new TableException("UnknownOperationException", $"The operation {operation} is not supported by this emulator.");
            default:
                throw new TableException("UnknownOperationException", $"An unknown operation was requested: {operation}");
        }

        writer.WriteEndObject();
    }

    private static Dictionary<string, string> Tags(JsonElement? element)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in element?.EnumerateArray() ?? default)
            tags[TableRequest.Required(tag, "Key")] = TableRequest.Required(tag, "Value");
        return tags;
    }

    private void ListTags(TableRequest request, Utf8JsonWriter writer)
    {
        writer.WriteStartArray("Tags");
        foreach (var (key, value) in engine.ListTags(request.Required("ResourceArn")))
        {
            writer.WriteStartObject();
            writer.WriteString("Key", key);
            writer.WriteString("Value", value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void DescribeEndpoints(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("Endpoints");
        writer.WriteStartObject();
        writer.WriteString("Address", "localhost");
        writer.WriteNumber("CachePeriodInMinutes", 1440);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void DescribeLimits(Utf8JsonWriter writer)
    {
        writer.WriteNumber("AccountMaxReadCapacityUnits", 80000);
        writer.WriteNumber("AccountMaxWriteCapacityUnits", 80000);
        writer.WriteNumber("TableMaxReadCapacityUnits", 40000);
        writer.WriteNumber("TableMaxWriteCapacityUnits", 40000);
    }

    private async Task UpdateTimeToLiveAsync(TableRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var specification = request.Element("TimeToLiveSpecification") ?? throw TableRequest.Missing("TimeToLiveSpecification");
        var attribute = TableRequest.Required(specification, "AttributeName");
        var enabled = TableRequest.Bool(specification, "Enabled") ?? throw TableRequest.Missing("Enabled");
        await engine.UpdateTimeToLiveAsync(request.TableName(), attribute, enabled, cancellationToken).ConfigureAwait(false);
        writer.WriteStartObject("TimeToLiveSpecification");
        writer.WriteString("AttributeName", attribute);
        writer.WriteBoolean("Enabled", enabled);
        writer.WriteEndObject();
    }

    private void DescribeTimeToLive(TableRequest request, Utf8JsonWriter writer)
    {
        var (status, attribute) = engine.DescribeTimeToLive(request.TableName());
        writer.WriteStartObject("TimeToLiveDescription");
        writer.WriteString("TimeToLiveStatus", status);
        if (attribute is not null)
            writer.WriteString("AttributeName", attribute);
        writer.WriteEndObject();
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, string name, long epochMs) =>
        writer.WriteNumber(name, epochMs / 1000m);
}
