using System.Text.Json;
using Platform.Emulators.Tables.Engine;

namespace Platform.Emulators.Tables.Api;

internal sealed partial class DynamoDbOperations
{
    private void ListStreams(TableRequest request, Utf8JsonWriter writer)
    {
        var limit = request.Int("Limit") ?? 100;
        var start = request.String("ExclusiveStartStreamArn");
        var streams = engine.ListStreams(request.String("TableName"));
        var page = streams.SkipWhile(s => start is not null && s.Arn != start).Skip(start is null ? 0 : 1).Take(limit + 1).ToList();
        writer.WriteStartArray("Streams");
        foreach (var stream in page.Take(limit))
        {
            writer.WriteStartObject();
            writer.WriteString("StreamArn", stream.Arn);
            writer.WriteString("TableName", stream.TableName);
            writer.WriteString("StreamLabel", stream.Label);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (page.Count > limit)
            writer.WriteString("LastEvaluatedStreamArn", page[limit - 1].Arn);
    }

    private void DescribeStream(TableRequest request, Utf8JsonWriter writer)
    {
        var stream = engine.GetStream(request.Required("StreamArn"));
        var table = engine.TableExists(stream.TableName) ? engine.DescribeTable(stream.TableName).Table : null;
        var (first, last) = engine.SequenceRange(stream.Arn);
        writer.WriteStartObject("StreamDescription");
        writer.WriteString("StreamArn", stream.Arn);
        writer.WriteString("StreamLabel", stream.Label);
        writer.WriteString("StreamStatus", stream.Enabled ? "ENABLED" : "DISABLED");
        writer.WriteString("StreamViewType", stream.ViewType);
        WriteTimestamp(writer, "CreationRequestDateTime", stream.CreatedMs);
        writer.WriteString("TableName", stream.TableName);
        if (table is not null)
        {
            writer.WriteStartArray("KeySchema");
            writer.WriteStartObject();
            writer.WriteString("AttributeName", table.Definition.HashKey);
            writer.WriteString("KeyType", "HASH");
            writer.WriteEndObject();
            if (table.Definition.RangeKey is { } range)
            {
                writer.WriteStartObject();
                writer.WriteString("AttributeName", range);
                writer.WriteString("KeyType", "RANGE");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("Shards");
        writer.WriteStartObject();
        writer.WriteString("ShardId", stream.ShardId);
        writer.WriteStartObject("SequenceNumberRange");
        writer.WriteString("StartingSequenceNumber", first ?? TableEngine.FormatSequenceNumber(0));
        if (!stream.Enabled)
            writer.WriteString("EndingSequenceNumber", last ?? first ?? TableEngine.FormatSequenceNumber(0));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void GetShardIterator(TableRequest request, Utf8JsonWriter writer)
    {
        var iterator = engine.GetShardIterator(request.Required("StreamArn"), request.Required("ShardId"),
            request.Required("ShardIteratorType"), request.String("SequenceNumber"));
        writer.WriteString("ShardIterator", iterator);
    }

    private void GetRecords(TableRequest request, Utf8JsonWriter writer)
    {
        var limit = request.Int("Limit") ?? 1000;
        if (limit is < 1 or > 1000)
            throw new TableException("ValidationException", $"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value {(limit < 1 ? "greater than or equal to 1" : "less than or equal to 1000")}");
        var (read, next) = engine.GetRecords(request.Required("ShardIterator"), limit);
        writer.WriteStartArray("Records");
        foreach (var record in read.Records)
            TableStreamRecordJson.Write(writer, record, engine.Options.Region, lambdaShape: false);
        writer.WriteEndArray();
        if (next is not null)
            writer.WriteString("NextShardIterator", next);
    }
}
