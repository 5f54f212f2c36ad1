using System.Text.Json;
using Platform.Emulators.Streams.Engine;

namespace Platform.Emulators.Streams.Api;

/// <summary>The Kinesis operations: decode the JSON request, call the engine, write the JSON reply.</summary>
internal sealed partial class KinesisOperations(StreamEngine engine)
{
    public Task RunAsync(string operation, KinesisRequest request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        writer.WriteStartObject();
        var task = operation switch
        {
            "CreateStream" => CreateStreamAsync(request, cancellationToken),
            "DeleteStream" => DeleteStreamAsync(request, cancellationToken),
            "ListStreams" => Done(() => ListStreams(request, writer)),
            "DescribeStream" => Done(() => DescribeStream(request, writer)),
            "DescribeStreamSummary" => Done(() => DescribeStreamSummary(request, writer)),
            "DescribeLimits" => Done(() => DescribeLimits(writer)),
            "ListShards" => Done(() => ListShards(request, writer)),
            "PutRecord" => PutRecordAsync(request, writer, cancellationToken),
            "PutRecords" => PutRecordsAsync(request, writer, cancellationToken),
            "GetShardIterator" => Done(() => GetShardIterator(request, writer)),
            "GetRecords" => Done(() => GetRecords(request, writer)),
            "IncreaseStreamRetentionPeriod" => engine.IncreaseRetentionPeriodAsync(Stream(request),
                RetentionHours(request), cancellationToken),
            "DecreaseStreamRetentionPeriod" => engine.DecreaseRetentionPeriodAsync(Stream(request),
                RetentionHours(request), cancellationToken),
            "AddTagsToStream" => AddTagsAsync(request, cancellationToken),
            "RemoveTagsFromStream" => RemoveTagsAsync(request, cancellationToken),
            "ListTagsForStream" => Done(() => ListTags(request, writer)),
            "UpdateShardCount" => UpdateShardCountAsync(request, writer, cancellationToken),
            "SplitShard" => engine.SplitShardAsync(Stream(request), request.RequiredString("ShardToSplit", "shardToSplit"),
                request.RequiredString("NewStartingHashKey", "newStartingHashKey"), cancellationToken),
            "MergeShards" => engine.MergeShardsAsync(Stream(request), request.RequiredString("ShardToMerge", "shardToMerge"),
                request.RequiredString("AdjacentShardToMerge", "adjacentShardToMerge"), cancellationToken),
            "DeregisterStreamConsumer" or "DescribeStreamConsumer" or "DisableEnhancedMonitoring" or "EnableEnhancedMonitoring"
                or "ListStreamConsumers" or "RegisterStreamConsumer" or "StartStreamEncryption" or "StopStreamEncryption"
                or "SubscribeToShard" or "UpdateStreamMode" or "DeleteResourcePolicy" or "GetResourcePolicy" or "PutResourcePolicy"
                or "TagResource" or "UntagResource" or "ListTagsForResource" or "UpdateMaxRecordSize" or "DescribeAccountSettings"
                or "UpdateAccountSettings" or "UpdateStreamWarmThroughput"
                => throw KinesisApiErrors.NotSupported(operation),
            _ => throw KinesisApiErrors.UnknownOperation(operation),
        };
        return FinishAsync(task, writer);
    }

    private static async Task FinishAsync(Task operation, Utf8JsonWriter writer)
    {
        await operation.ConfigureAwait(false);
        writer.WriteEndObject();
    }

    private static Task Done(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    /// <summary>StreamARN or StreamName, as AWS accepts either; if both are given they must agree.</summary>
    private string Stream(KinesisRequest request)
    {
        var name = request.String("StreamName");
        var arn = request.String("StreamARN");
        if (name is null && arn is null)
            throw KinesisApiErrors.InvalidArgument("Either StreamName or StreamARN should be provided.");
        if (name is not null && (name.Length is 0 or > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')))
            throw KinesisApiErrors.Validation(name, "streamName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        if (name is not null && arn is not null && arn != engine.StreamArn(name))
            throw KinesisApiErrors.InvalidArgument($"StreamARN {arn} and StreamName {name} do not refer to the same stream.");
        return arn ?? name!;
    }

    private static int RetentionHours(KinesisRequest request) =>
        request.Int("RetentionPeriodHours") ?? throw KinesisRequest.Missing("retentionPeriodHours");

    private static void WriteTimestamp(Utf8JsonWriter writer, string name, DateTimeOffset value) =>
        writer.WriteNumber(name, value.ToUnixTimeMilliseconds() / 1000m);

    private static void WriteShard(Utf8JsonWriter writer, ShardInfo shard)
    {
        writer.WriteStartObject();
        writer.WriteString("ShardId", shard.ShardId);
        if (shard.ParentShardId is not null)
            writer.WriteString("ParentShardId", shard.ParentShardId);
        if (shard.AdjacentParentShardId is not null)
            writer.WriteString("AdjacentParentShardId", shard.AdjacentParentShardId);
        WriteHashKeyRange(writer, shard);
        writer.WriteStartObject("SequenceNumberRange");
        writer.WriteString("StartingSequenceNumber", shard.StartingSequenceNumber);
        if (shard.EndingSequenceNumber is not null)
            writer.WriteString("EndingSequenceNumber", shard.EndingSequenceNumber);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteHashKeyRange(Utf8JsonWriter writer, ShardInfo shard)
    {
        writer.WriteStartObject("HashKeyRange");
        writer.WriteString("StartingHashKey", shard.StartingHashKey);
        writer.WriteString("EndingHashKey", shard.EndingHashKey);
        writer.WriteEndObject();
    }

    private static void WriteStreamMode(Utf8JsonWriter writer, StreamDetails stream)
    {
        writer.WriteStartObject("StreamModeDetails");
        writer.WriteString("StreamMode", stream.StreamMode);
        writer.WriteEndObject();
    }
}
