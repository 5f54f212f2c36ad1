using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Platform.Emulators.Streams.Engine;

namespace Platform.Emulators.Streams.Api;

internal sealed partial class KinesisOperations
{
    private async Task CreateStreamAsync(KinesisRequest request, CancellationToken cancellationToken)
    {
        var name = request.RequiredString("StreamName", "streamName");
        var shardCount = request.Int("ShardCount");
        string? mode = null;
        if (request.Root.TryGetProperty("StreamModeDetails", out var details) && details.ValueKind == JsonValueKind.Object)
            mode = KinesisRequest.String(details, "StreamMode") ?? throw KinesisRequest.Missing("streamModeDetails.streamMode");
        Dictionary<string, string>? tags = null;
        if (request.Root.TryGetProperty("Tags", out var tagMap) && tagMap.ValueKind == JsonValueKind.Object)
            tags = ReadTagMap(tagMap);
        await engine.CreateStreamAsync(name, shardCount, mode, tags, cancellationToken).ConfigureAwait(false);
    }

    private Task DeleteStreamAsync(KinesisRequest request, CancellationToken cancellationToken) =>
        engine.DeleteStreamAsync(Stream(request), cancellationToken);

    private void ListStreams(KinesisRequest request, Utf8JsonWriter writer)
    {
        var limit = request.Int("Limit", 1, 10_000, 100);
        var start = request.String("ExclusiveStartStreamName");
        if (request.String("NextToken") is { } token)
        {
            if (start is not null)
                throw KinesisApiErrors.InvalidArgument("NextToken and ExclusiveStartStreamName cannot be provided together.");
            start = DecodeToken(token);
        }

        var list = engine.ListStreams(start, limit);
        writer.WriteStartArray("StreamNames");
        foreach (var stream in list.Streams)
            writer.WriteStringValue(stream.StreamName);
        writer.WriteEndArray();
        writer.WriteBoolean("HasMoreStreams", list.HasMoreStreams);
        if (list.HasMoreStreams && list.Streams.Count > 0)
            writer.WriteString("NextToken", EncodeToken(list.Streams[^1].StreamName));
        writer.WriteStartArray("StreamSummaries");
        foreach (var stream in list.Streams)
        {
            writer.WriteStartObject();
            writer.WriteString("StreamName", stream.StreamName);
            writer.WriteString("StreamARN", stream.StreamArn);
            writer.WriteString("StreamStatus", stream.StreamStatus);
            WriteStreamMode(writer, stream);
            WriteTimestamp(writer, "StreamCreationTimestamp", stream.StreamCreationTimestamp);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void DescribeStream(KinesisRequest request, Utf8JsonWriter writer)
    {
        var stream = engine.DescribeStream(Stream(request));
        var limit = request.Int("Limit", 1, 10_000, 100);
        var shards = stream.Shards.AsEnumerable();
        if (request.String("ExclusiveStartShardId") is { } start)
            shards = shards.SkipWhile(s => string.CompareOrdinal(s.ShardId, start) <= 0);
        var all = shards.ToList();
        writer.WriteStartObject("StreamDescription");
        writer.WriteString("StreamName", stream.StreamName);
        writer.WriteString("StreamARN", stream.StreamArn);
        writer.WriteString("StreamStatus", stream.StreamStatus);
        WriteStreamMode(writer, stream);
        writer.WriteStartArray("Shards");
        foreach (var shard in all.Take(limit))
            WriteShard(writer, shard);
        writer.WriteEndArray();
        writer.WriteBoolean("HasMoreShards", all.Count > limit);
        writer.WriteNumber("RetentionPeriodHours", stream.RetentionPeriodHours);
        WriteTimestamp(writer, "StreamCreationTimestamp", stream.StreamCreationTimestamp);
        WriteMonitoringAndEncryption(writer);
        writer.WriteEndObject();
    }

    private void DescribeStreamSummary(KinesisRequest request, Utf8JsonWriter writer)
    {
        var stream = engine.DescribeStream(Stream(request));
        writer.WriteStartObject("StreamDescriptionSummary");
        writer.WriteString("StreamName", stream.StreamName);
        writer.WriteString("StreamARN", stream.StreamArn);
        writer.WriteString("StreamStatus", stream.StreamStatus);
        WriteStreamMode(writer, stream);
        writer.WriteNumber("RetentionPeriodHours", stream.RetentionPeriodHours);
        WriteTimestamp(writer, "StreamCreationTimestamp", stream.StreamCreationTimestamp);
        WriteMonitoringAndEncryption(writer);
        writer.WriteNumber("OpenShardCount", stream.OpenShardCount);
        writer.WriteNumber("ConsumerCount", 0);
        writer.WriteEndObject();
    }

    private void DescribeLimits(Utf8JsonWriter writer)
    {
        var streams = engine.ListStreams(null, int.MaxValue).Streams;
        writer.WriteNumber("ShardLimit", engine.Options.MaxShardsPerStream);
        writer.WriteNumber("OpenShardCount", streams.Where(s => s.StreamMode == "PROVISIONED").Sum(s => s.OpenShardCount));
        writer.WriteNumber("OnDemandStreamCount", streams.Count(s => s.StreamMode == "ON_DEMAND"));
        writer.WriteNumber("OnDemandStreamCountLimit", 50);
    }

    private static void WriteMonitoringAndEncryption(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("EnhancedMonitoring");
        writer.WriteStartObject();
        writer.WriteStartArray("ShardLevelMetrics");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("EncryptionType", "NONE");
    }

    private async Task UpdateShardCountAsync(KinesisRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var stream = Stream(request);
        var target = request.Int("TargetShardCount") ?? throw KinesisRequest.Missing("targetShardCount");
        var scaling = request.RequiredString("ScalingType", "scalingType");
        if (scaling != "UNIFORM_SCALING")
            throw KinesisApiErrors.Validation(scaling, "scalingType", "Member must satisfy enum value set: [UNIFORM_SCALING]");
        var before = engine.DescribeStream(stream);
        await engine.UpdateShardCountAsync(stream, target, cancellationToken).ConfigureAwait(false);
        writer.WriteString("StreamName", before.StreamName);
        writer.WriteNumber("CurrentShardCount", before.OpenShardCount);
        writer.WriteNumber("TargetShardCount", target);
        writer.WriteString("StreamARN", before.StreamArn);
    }

    private async Task AddTagsAsync(KinesisRequest request, CancellationToken cancellationToken)
    {
        var stream = Stream(request);
        if (!request.Root.TryGetProperty("Tags", out var tags) || tags.ValueKind != JsonValueKind.Object)
            throw KinesisRequest.Missing("tags");
        var map = ReadTagMap(tags);
        if (map.Count == 0)
            throw KinesisApiErrors.Validation("{}", "tags", "Member must have length greater than or equal to 1");
        await engine.AddTagsAsync(stream, map, cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveTagsAsync(KinesisRequest request, CancellationToken cancellationToken)
    {
        var stream = Stream(request);
        if (!request.Root.TryGetProperty("TagKeys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            throw KinesisRequest.Missing("tagKeys");
        var list = new List<string>();
        foreach (var key in keys.EnumerateArray())
            list.Add(key.ValueKind == JsonValueKind.String ? key.GetString()! : throw KinesisApiErrors.Serialization("TagKeys must be strings."));
        if (list.Count is 0 or > 50)
            throw KinesisApiErrors.Validation($"[{list.Count} keys]", "tagKeys", "Member must have length between 1 and 50");
        await engine.RemoveTagsAsync(stream, list, cancellationToken).ConfigureAwait(false);
    }

    private void ListTags(KinesisRequest request, Utf8JsonWriter writer)
    {
        var tags = engine.ListTags(Stream(request));
        var limit = request.Int("Limit", 1, 50, 50);
        var start = request.String("ExclusiveStartTagKey");
        var page = tags.Keys.Order(StringComparer.Ordinal)
            .Where(k => start is null || string.CompareOrdinal(k, start) > 0)
            .ToList();
        writer.WriteStartArray("Tags");
        foreach (var key in page.Take(limit))
        {
            writer.WriteStartObject();
            writer.WriteString("Key", key);
            writer.WriteString("Value", tags[key]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("HasMoreTags", page.Count > limit);
    }

    private static Dictionary<string, string> ReadTagMap(JsonElement tags)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags.EnumerateObject())
            map[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString()! : throw KinesisApiErrors.Serialization("Tag values must be strings.");
        return map;
    }

    private static string EncodeToken(string value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw KinesisApiErrors.InvalidArgument("Invalid NextToken.");
        }
    }
}
