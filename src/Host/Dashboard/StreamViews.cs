using System.Text;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers;
using Platform.Triggers.Checkpoints;
using static Platform.Host.Admin.AdminJson;

namespace Platform.Host.Dashboard;

/// <summary>
/// /_platform/streams: the Kinesis streams; <c>{name}</c> is its shards (hash key ranges, sequence numbers)
/// and, per event source mapping reading it, the durable checkpoint of each shard;
/// <c>{name}/shards/{shard}/records?limit=N</c> the newest N records of a shard (data as UTF-8 where it is
/// text, else base64).
/// </summary>
internal sealed class StreamViews(StreamEngine streams, TriggerSupervisor triggers, CheckpointStore checkpoints)
{
    private const int MaxScan = StreamEngine.MaxGetRecordsLimit;

    public Task ListAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, json =>
    {
        json.WriteStartArray();
        foreach (var stream in streams.ListStreams(null, 10_000).Streams)
        {
            json.WriteStartObject();
            json.WriteString("name", stream.StreamName);
            json.WriteString("arn", stream.StreamArn);
            json.WriteString("status", stream.StreamStatus);
            json.WriteNumber("shards", stream.OpenShardCount);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    public Task DetailAsync(HttpContext context, string name)
    {
        var shards = streams.GetShards(name);
        var mappings = triggers.Mappings.Where(m => m.Mapping.EventSourceArn == shards.StreamArn).ToList();
        return WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("name", shards.StreamName);
            json.WriteString("arn", shards.StreamArn);
            json.WriteStartArray("shards");
            foreach (var shard in shards.Shards)
            {
                json.WriteStartObject();
                json.WriteString("shardId", shard.ShardId);
                WriteOptional(json, "parentShardId", shard.ParentShardId);
                json.WriteString("startingHashKey", shard.StartingHashKey);
                json.WriteString("endingHashKey", shard.EndingHashKey);
                json.WriteString("startingSequenceNumber", shard.StartingSequenceNumber);
                WriteOptional(json, "endingSequenceNumber", shard.EndingSequenceNumber);
                WriteOptional(json, "latestSequenceNumber", streams.LatestSequenceNumber(shards.StreamArn, shard.ShardId));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("mappings");
            foreach (var state in mappings)
            {
                json.WriteStartObject();
                json.WriteString("uuid", state.Mapping.Uuid);
                json.WriteString("function", state.Mapping.FunctionName);
                json.WriteString("state", state.State);
                if (state.Status.IteratorAgeMs is { } age)
                    json.WriteNumber("iteratorAgeMs", age);
                json.WriteStartObject("checkpoints");
                foreach (var (shard, checkpoint) in checkpoints.Read(state.Mapping.Uuid))
                    WriteOptional(json, shard, checkpoint.Ended ? "SHARD_END" : checkpoint.SequenceNumber);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Reads the shard from its start, keeping the last <c>limit</c> records; a shard holds at
    /// most its retention period's records, and the scan stops after <see cref="MaxScan"/> per page.</summary>
    public Task RecordsAsync(HttpContext context, string name, string shardId)
    {
        var limit = Math.Clamp(Number(context.Request.Query["limit"], 20), 1, 500);
        var arn = streams.GetShards(name).StreamArn;
        var last = new Queue<StreamRecord>(limit);
        string? after = null;
        while (true)
        {
            var page = streams.Read(arn, shardId, after, MaxScan);
            foreach (var record in page.Records)
            {
                if (last.Count == limit)
                    last.Dequeue();
                last.Enqueue(record);
            }

            if (page.Records.Count < MaxScan)
                break;
            after = page.Records[^1].SequenceNumber;
        }

        return WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartArray();
            foreach (var record in last.Reverse())
            {
                json.WriteStartObject();
                json.WriteString("sequenceNumber", record.SequenceNumber);
                json.WriteString("partitionKey", record.PartitionKey);
                json.WriteString("arrivedAt", record.ApproximateArrivalTimestamp);
                if (System.Text.Unicode.Utf8.IsValid(record.Data))
                    json.WriteString("data", Encoding.UTF8.GetString(record.Data));
                else
                    json.WriteBase64String("dataBase64", record.Data);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }
}
