using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Streams;

/// <summary>Every Kinesis operation the emulator serves, through the real aws CLI v2.</summary>
[Collection(KinesisPlatformCollection.Name)]
public sealed class AwsCliKinesisTests(KinesisPlatformFixture platform)
{
    private async Task<JsonElement> Json(params string[] arguments)
    {
        var output = await platform.Aws.RunOkAsync(["kinesis", .. arguments]);
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Streams_are_created_described_listed_tagged_and_deleted()
    {
        var name = KinesisPlatformFixture.NewStreamName("cli");
        var other = KinesisPlatformFixture.NewStreamName("cli-od");
        await Json("create-stream", "--stream-name", name, "--shard-count", "3");
        await Json("create-stream", "--stream-name", other, "--stream-mode-details", "StreamMode=ON_DEMAND");

        var description = (await Json("describe-stream", "--stream-name", name, "--no-paginate")).GetProperty("StreamDescription");
        Assert.Equal("ACTIVE", description.GetProperty("StreamStatus").GetString());
        Assert.Equal($"arn:aws:kinesis:us-east-1:000000000000:stream/{name}", description.GetProperty("StreamARN").GetString());
        Assert.Equal(3, description.GetProperty("Shards").GetArrayLength());
        Assert.Equal("PROVISIONED", description.GetProperty("StreamModeDetails").GetProperty("StreamMode").GetString());
        Assert.Equal(24, description.GetProperty("RetentionPeriodHours").GetInt32());
        var paged = (await Json("describe-stream", "--stream-name", name, "--limit", "2", "--no-paginate")).GetProperty("StreamDescription");
        Assert.True(paged.GetProperty("HasMoreShards").GetBoolean());
        Assert.Equal(2, paged.GetProperty("Shards").GetArrayLength());
        var rest = (await Json("describe-stream", "--stream-name", name, "--exclusive-start-shard-id", "shardId-000000000001"))
            .GetProperty("StreamDescription").GetProperty("Shards");
        Assert.Equal("shardId-000000000002", Assert.Single(rest.EnumerateArray()).GetProperty("ShardId").GetString());

        var summary = (await Json("describe-stream-summary", "--stream-arn", description.GetProperty("StreamARN").GetString()!))
            .GetProperty("StreamDescriptionSummary");
        Assert.Equal(3, summary.GetProperty("OpenShardCount").GetInt32());
        var onDemand = (await Json("describe-stream-summary", "--stream-name", other)).GetProperty("StreamDescriptionSummary");
        Assert.Equal("ON_DEMAND", onDemand.GetProperty("StreamModeDetails").GetProperty("StreamMode").GetString());
        Assert.Equal(4, onDemand.GetProperty("OpenShardCount").GetInt32());

        // The CLI pages through ListStreams with NextToken itself; --max-items forces a small page size.
        var listed = await Json("list-streams");
        var names = listed.GetProperty("StreamNames").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains(name, names);
        Assert.Contains(other, names);
        Assert.Contains(listed.GetProperty("StreamSummaries").EnumerateArray(), s => s.GetProperty("StreamName").GetString() == name);
        var page = await Json("list-streams", "--page-size", "1", "--max-items", "1");
        Assert.Single(page.GetProperty("StreamNames").EnumerateArray());

        await Json("increase-stream-retention-period", "--stream-name", name, "--retention-period-hours", "48");
        Assert.Equal(48, (await Json("describe-stream-summary", "--stream-name", name)).GetProperty("StreamDescriptionSummary")
            .GetProperty("RetentionPeriodHours").GetInt32());
        await Json("decrease-stream-retention-period", "--stream-name", name, "--retention-period-hours", "24");
        Assert.Equal(24, (await Json("describe-stream-summary", "--stream-name", name)).GetProperty("StreamDescriptionSummary")
            .GetProperty("RetentionPeriodHours").GetInt32());

        await Json("add-tags-to-stream", "--stream-name", name, "--tags", "team=data,env=test,tier=gold");
        await Json("remove-tags-from-stream", "--stream-name", name, "--tag-keys", "tier");
        var tags = await Json("list-tags-for-stream", "--stream-name", name);
        Assert.Equal(["env=test", "team=data"], tags.GetProperty("Tags").EnumerateArray()
            .Select(t => t.GetProperty("Key").GetString() + "=" + t.GetProperty("Value").GetString()));
        Assert.False(tags.GetProperty("HasMoreTags").GetBoolean());

        await Json("delete-stream", "--stream-name", name);
        await Json("delete-stream", "--stream-arn", $"arn:aws:kinesis:us-east-1:000000000000:stream/{other}");
        var gone = await platform.Aws.RunAsync("kinesis", "describe-stream", "--stream-name", name);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("ResourceNotFoundException", gone.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_are_put_and_read_back_with_every_iterator_type()
    {
        var name = KinesisPlatformFixture.NewStreamName("cli-rec");
        await Json("create-stream", "--stream-name", name, "--shard-count", "2");
        var first = await Json("put-record", "--stream-name", name, "--partition-key", "p", "--data", B64("first"),
            "--explicit-hash-key", "0");
        Assert.Equal("shardId-000000000000", first.GetProperty("ShardId").GetString());
        var firstSequence = first.GetProperty("SequenceNumber").GetString()!;
        var second = await Json("put-record", "--stream-name", name, "--partition-key", "p", "--data", B64("second"),
            "--explicit-hash-key", "1", "--sequence-number-for-ordering", firstSequence);
        var batch = await Json("put-records", "--stream-name", name, "--records",
            $"Data={B64("third")},PartitionKey=p,ExplicitHashKey=2", $"Data={B64("fourth")},PartitionKey=q,ExplicitHashKey=3");
        Assert.Equal(0, batch.GetProperty("FailedRecordCount").GetInt32());
        Assert.Equal(2, batch.GetProperty("Records").GetArrayLength());

        async Task<List<string>> ReadAsync(params string[] iteratorArguments)
        {
            var iterator = (await Json(["get-shard-iterator", "--stream-name", name, "--shard-id", "shardId-000000000000", .. iteratorArguments]))
                .GetProperty("ShardIterator").GetString()!;
            var records = await Json("get-records", "--shard-iterator", iterator, "--limit", "100");
            Assert.Equal(0, records.GetProperty("MillisBehindLatest").GetInt64());
            Assert.NotNull(records.GetProperty("NextShardIterator").GetString());
            return records.GetProperty("Records").EnumerateArray()
                .Select(r => Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("Data").GetString()!))).ToList();
        }

        Assert.Equal(["first", "second", "third", "fourth"], await ReadAsync("--shard-iterator-type", "TRIM_HORIZON"));
        Assert.Equal(["second", "third", "fourth"], await ReadAsync("--shard-iterator-type", "AT_SEQUENCE_NUMBER",
            "--starting-sequence-number", second.GetProperty("SequenceNumber").GetString()!));
        Assert.Equal(["third", "fourth"], await ReadAsync("--shard-iterator-type", "AFTER_SEQUENCE_NUMBER",
            "--starting-sequence-number", second.GetProperty("SequenceNumber").GetString()!));
        Assert.Empty(await ReadAsync("--shard-iterator-type", "LATEST"));
        var anHourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(4, (await ReadAsync("--shard-iterator-type", "AT_TIMESTAMP", "--timestamp", anHourAgo)).Count);

        var record = (await Json("get-records", "--shard-iterator", (await Json("get-shard-iterator", "--stream-name", name,
            "--shard-id", "shardId-000000000000", "--shard-iterator-type", "TRIM_HORIZON")).GetProperty("ShardIterator").GetString()!, "--limit", "1"))
            .GetProperty("Records")[0];
        Assert.Equal(firstSequence, record.GetProperty("SequenceNumber").GetString());
        Assert.Equal("p", record.GetProperty("PartitionKey").GetString());
        // The CLI renders the epoch-seconds timestamp as ISO-8601.
        var arrival = DateTimeOffset.Parse(record.GetProperty("ApproximateArrivalTimestamp").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(arrival, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(10));
        await Json("delete-stream", "--stream-name", name);
    }

    [Fact]
    public async Task Shards_are_listed_split_merged_and_rescaled()
    {
        var name = KinesisPlatformFixture.NewStreamName("cli-shards");
        await Json("create-stream", "--stream-name", name, "--shard-count", "2");
        var shards = (await Json("list-shards", "--stream-name", name)).GetProperty("Shards");
        Assert.Equal(2, shards.GetArrayLength());
        var page = await Json("list-shards", "--stream-name", name, "--max-results", "1");
        Assert.Single(page.GetProperty("Shards").EnumerateArray());
        var next = await Json("list-shards", "--next-token", page.GetProperty("NextToken").GetString()!);
        Assert.Equal("shardId-000000000001", Assert.Single(next.GetProperty("Shards").EnumerateArray()).GetProperty("ShardId").GetString());

        await Json("split-shard", "--stream-name", name, "--shard-to-split", "shardId-000000000000",
            "--new-starting-hash-key", "85070591730234615865843651857942052864");
        await Json("merge-shards", "--stream-name", name, "--shard-to-merge", "shardId-000000000003",
            "--adjacent-shard-to-merge", "shardId-000000000001");
        var open = (await Json("list-shards", "--stream-name", name, "--shard-filter", "Type=AT_LATEST")).GetProperty("Shards");
        Assert.Equal(["shardId-000000000002", "shardId-000000000004"], open.EnumerateArray().Select(s => s.GetProperty("ShardId").GetString()));
        var merged = open[1];
        Assert.Equal("shardId-000000000003", merged.GetProperty("ParentShardId").GetString());
        Assert.Equal("shardId-000000000001", merged.GetProperty("AdjacentParentShardId").GetString());

        var scaled = await Json("update-shard-count", "--stream-name", name, "--target-shard-count", "3", "--scaling-type", "UNIFORM_SCALING");
        Assert.Equal(2, scaled.GetProperty("CurrentShardCount").GetInt32());
        Assert.Equal(3, scaled.GetProperty("TargetShardCount").GetInt32());
        var after = (await Json("describe-stream-summary", "--stream-name", name)).GetProperty("StreamDescriptionSummary");
        Assert.Equal(3, after.GetProperty("OpenShardCount").GetInt32());
        var closed = (await Json("list-shards", "--stream-name", name)).GetProperty("Shards").EnumerateArray()
            .Where(s => s.GetProperty("SequenceNumberRange").TryGetProperty("EndingSequenceNumber", out _)).ToList();
        Assert.Contains(closed, s => s.GetProperty("ShardId").GetString() == "shardId-000000000000");
        await Json("delete-stream", "--stream-name", name);
    }
}
