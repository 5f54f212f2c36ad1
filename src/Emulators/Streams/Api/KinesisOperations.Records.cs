using System.Text.Json;
using Platform.Emulators.Streams.Engine;

namespace Platform.Emulators.Streams.Api;

internal sealed partial class KinesisOperations
{
    private async Task PutRecordAsync(KinesisRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var stream = Stream(request);
        var record = ReadEntry(request.Root, "");
        var result = await engine.PutRecordAsync(stream, record, request.String("SequenceNumberForOrdering"), cancellationToken)
            .ConfigureAwait(false);
        writer.WriteString("ShardId", result.ShardId);
        writer.WriteString("SequenceNumber", result.SequenceNumber);
        writer.WriteString("EncryptionType", "NONE");
    }

    private async Task PutRecordsAsync(KinesisRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var stream = Stream(request);
        if (!request.Root.TryGetProperty("Records", out var records) || records.ValueKind == JsonValueKind.Null)
            throw KinesisRequest.Missing("records");
        if (records.ValueKind != JsonValueKind.Array)
            throw KinesisApiErrors.Serialization("Records must be a list.");
        var count = records.GetArrayLength();
        if (count is 0 or > StreamEngine.MaxPutRecordsCount)
            throw KinesisApiErrors.Validation($"[{count} records]", "records",
                count == 0 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 500");
        var entries = new List<PutRecordEntry>(count);
        var index = 0;
        foreach (var entry in records.EnumerateArray())
        {
            index++;
            if (entry.ValueKind != JsonValueKind.Object)
                throw KinesisApiErrors.Serialization("Each record must be an object.");
            entries.Add(ReadEntry(entry, $"records.{index}.member."));
        }

        var results = await engine.PutRecordsAsync(stream, entries, cancellationToken).ConfigureAwait(false);
        writer.WriteNumber("FailedRecordCount", results.Count(r => !r.Succeeded));
        writer.WriteStartArray("Records");
        foreach (var result in results)
        {
            writer.WriteStartObject();
            if (result.Succeeded)
            {
                writer.WriteString("SequenceNumber", result.SequenceNumber);
                writer.WriteString("ShardId", result.ShardId);
            }
            else
            {
                writer.WriteString("ErrorCode", result.ErrorCode);
                writer.WriteString("ErrorMessage", result.ErrorMessage);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("EncryptionType", "NONE");
    }

    private static PutRecordEntry ReadEntry(JsonElement element, string member)
    {
        var key = KinesisRequest.String(element, "PartitionKey") ?? throw KinesisRequest.Missing(member + "partitionKey");
        var data = KinesisRequest.Blob(element, "Data", member + "data");
        var explicitHashKey = KinesisRequest.String(element, "ExplicitHashKey");
        return new PutRecordEntry(key, data, explicitHashKey);
    }

    private void GetShardIterator(KinesisRequest request, Utf8JsonWriter writer)
    {
        var stream = Stream(request);
        var shardId = request.RequiredString("ShardId", "shardId");
        var typeName = request.RequiredString("ShardIteratorType", "shardIteratorType");
        var type = typeName switch
        {
            "AT_SEQUENCE_NUMBER" => ShardIteratorType.AtSequenceNumber,
            "AFTER_SEQUENCE_NUMBER" => ShardIteratorType.AfterSequenceNumber,
            "TRIM_HORIZON" => ShardIteratorType.TrimHorizon,
            "LATEST" => ShardIteratorType.Latest,
            "AT_TIMESTAMP" => ShardIteratorType.AtTimestamp,
            _ => throw KinesisApiErrors.Validation(typeName, "shardIteratorType",
                "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, AT_SEQUENCE_NUMBER, AT_TIMESTAMP, TRIM_HORIZON, LATEST]"),
        };
        var iterator = engine.GetShardIterator(stream, shardId, type, request.String("StartingSequenceNumber"), request.Timestamp("Timestamp"));
        writer.WriteString("ShardIterator", iterator);
    }

    private void GetRecords(KinesisRequest request, Utf8JsonWriter writer)
    {
        var iterator = request.RequiredString("ShardIterator", "shardIterator");
        if (iterator.Length is 0 or > 512)
            throw KinesisApiErrors.Validation(iterator.Length > 64 ? iterator[..64] + "…" : iterator, "shardIterator", "Member must have length between 1 and 512");
        var limit = request.Int("Limit", 1, StreamEngine.MaxGetRecordsLimit, StreamEngine.MaxGetRecordsLimit);
        if (request.String("StreamARN") is { } arn && engine.StreamNameOfIterator(iterator) is { } name && arn != engine.StreamArn(name))
            throw KinesisApiErrors.InvalidArgument($"StreamARN {arn} does not match the stream of the shard iterator.");
        var result = engine.GetRecords(iterator, limit);
        writer.WriteStartArray("Records");
        foreach (var record in result.Records)
        {
            writer.WriteStartObject();
            writer.WriteString("SequenceNumber", record.SequenceNumber);
            WriteTimestamp(writer, "ApproximateArrivalTimestamp", record.ApproximateArrivalTimestamp);
            writer.WriteBase64String("Data", record.Data);
            writer.WriteString("PartitionKey", record.PartitionKey);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (result.NextShardIterator is not null)
            writer.WriteString("NextShardIterator", result.NextShardIterator);
        writer.WriteNumber("MillisBehindLatest", result.MillisBehindLatest);
        if (result.NextShardIterator is null)
        {
            writer.WriteStartArray("ChildShards");
            foreach (var child in result.ChildShards)
            {
                writer.WriteStartObject();
                writer.WriteString("ShardId", child.ShardId);
                writer.WriteStartArray("ParentShards");
                foreach (var parent in new[] { child.ParentShardId, child.AdjacentParentShardId }.OfType<string>())
                    writer.WriteStringValue(parent);
                writer.WriteEndArray();
                WriteHashKeyRange(writer, child);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
    }

    private void ListShards(KinesisRequest request, Utf8JsonWriter writer)
    {
        var name = request.String("StreamName");
        var token = request.String("NextToken");
        var maxResults = request.Int("MaxResults", 1, 10_000, 1000);
        string stream;
        string? after;
        string? filterType = null, filterShardId = null;
        DateTimeOffset? filterTimestamp = null;
        if (token is not null)
        {
            if (name is not null || request.Has("ExclusiveStartShardId") || request.Has("ShardFilter"))
                throw KinesisApiErrors.InvalidArgument("NextToken and StreamName, ExclusiveStartShardId or ShardFilter cannot be provided together.");
            var decoded = DecodeToken(token).Split('\n');
            if (decoded.Length != 2)
                throw KinesisApiErrors.InvalidArgument("Invalid NextToken.");
            (stream, after) = (decoded[0], decoded[1]);
        }
        else
        {
            stream = Stream(request);
            after = request.String("ExclusiveStartShardId");
            if (request.Root.TryGetProperty("ShardFilter", out var filter) && filter.ValueKind == JsonValueKind.Object)
            {
                filterType = KinesisRequest.String(filter, "Type") ?? throw KinesisRequest.Missing("shardFilter.type");
                filterShardId = KinesisRequest.String(filter, "ShardId");
                filterTimestamp = KinesisRequest.Timestamp(filter, "Timestamp");
            }
        }

        var shards = engine.ListShards(stream, filterType, filterShardId, filterTimestamp)
            .Where(s => after is null || string.CompareOrdinal(s.ShardId, after) > 0)
            .ToList();
        writer.WriteStartArray("Shards");
        foreach (var shard in shards.Take(maxResults))
            WriteShard(writer, shard);
        writer.WriteEndArray();
        if (shards.Count > maxResults)
            writer.WriteString("NextToken", EncodeToken(stream + "\n" + shards[maxResults - 1].ShardId));
    }
}
