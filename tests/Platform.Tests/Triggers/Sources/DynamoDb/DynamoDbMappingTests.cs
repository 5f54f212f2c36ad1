using System.Text.Json;
using Platform.Emulators.Tables.Engine;
using Platform.Tests.Tables;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources.DynamoDb;
using Platform.Triggers.Sources.Kinesis;

namespace Platform.Tests.Triggers.Sources.DynamoDb;

public sealed class DynamoDbMappingTests
{
    private const string StreamArn = "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000";

    private static readonly EventSourceMapping Valid = new()
    {
        Uuid = "u",
        FunctionName = "audit",
        EventSourceArn = StreamArn,
        StartingPosition = "TRIM_HORIZON",
    };

    [Fact]
    public void A_table_stream_arn_is_a_DynamoDB_source_with_Kinesis_defaults()
    {
        Assert.Equal(EventSourceKind.DynamoDb, EventSourceKinds.Of(StreamArn));
        Assert.Equal(EventSourceKind.Unknown, EventSourceKinds.Of("arn:aws:dynamodb:us-east-1:000000000000:table/orders"));
        var mapping = DynamoDbMappingRules.Validate(Valid);
        Assert.Equal(100, mapping.BatchSize);
        Assert.Equal(-1, mapping.MaximumRetryAttempts);
        Assert.Equal(1, mapping.ParallelizationFactor);
    }

    [Fact]
    public void At_timestamp_and_foreign_sources_are_refused()
    {
        Assert.Throws<MappingValidationException>(() => DynamoDbMappingRules.Validate(Valid with { StartingPosition = "AT_TIMESTAMP", StartingPositionTimestamp = DateTimeOffset.UnixEpoch }));
        Assert.Throws<MappingValidationException>(() => DynamoDbMappingRules.Validate(Valid with { EventSourceArn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders" }));
        Assert.Throws<MappingValidationException>(() => DynamoDbMappingRules.Validate(Valid with { BatchSize = 10_001 }));
    }

    [Fact]
    public async Task The_reader_and_shape_make_lambdas_event_and_keep_items_on_one_lane_key()
    {
        await using var context = TableTestContext.Create();
        var table = await context.CreateAsync("orders", "NEW_AND_OLD_IMAGES");
        await context.Engine.PutItemAsync("orders", TableTestContext.Item(("pk", "a"), ("sk", 1), ("v", "1")));
        await context.Engine.PutItemAsync("orders", TableTestContext.Item(("pk", "a"), ("sk", 1), ("v", "2")));
        await context.Engine.PutItemAsync("orders", TableTestContext.Item(("pk", "b"), ("sk", 1)));
        var stream = table.Stream!;
        var reader = new DynamoDbStreamReader(context.Engine, "us-east-1");

        var shard = Assert.Single(reader.GetShards(stream.Arn).Shards);
        Assert.Equal(stream.ShardId, shard.ShardId);
        Assert.False(shard.IsClosed);
        var read = reader.Read(stream.Arn, shard.ShardId, null, 10);
        Assert.Equal(3, read.Records.Count);
        Assert.Equal(read.Records[0].PartitionKey, read.Records[1].PartitionKey);
        Assert.NotEqual(read.Records[0].PartitionKey, read.Records[2].PartitionKey);
        Assert.Equal(reader.LatestSequenceNumber(stream.Arn, shard.ShardId), read.Records[2].SequenceNumber);

        var source = KinesisEventSource.For(stream.Arn, new Platform.Triggers.TriggerOptions()) with { Shape = DynamoDbEventShape.Instance };
        var payload = JsonDocument.Parse(DynamoDbEventShape.Instance.Build(read.Records, source, shard.ShardId)).RootElement;
        var records = payload.GetProperty("Records");
        Assert.Equal(["INSERT", "MODIFY", "INSERT"], records.EnumerateArray().Select(r => r.GetProperty("eventName").GetString()!).ToArray());
        Assert.Equal(stream.Arn, records[0].GetProperty("eventSourceARN").GetString());
        Assert.Equal("1", records[1].GetProperty("dynamodb").GetProperty("OldImage").GetProperty("v").GetProperty("S").GetString());
        Assert.Equal("DDBStreamBatchInfo", DynamoDbEventShape.Instance.BatchInfoName);
        Assert.Equal("dynamodb:orders", DynamoDbEventShape.Instance.TriggerName(source));

        var filter = DynamoDbRecordFilter.For(["""{"eventName":["MODIFY"]}"""])!;
        Assert.Equal([false, true, false], read.Records.Select(filter).ToArray());
        Assert.Null(DynamoDbRecordFilter.For([]));

        await context.Engine.UpdateTableAsync("orders", new TableUpdate { StreamEnabled = false });
        Assert.True(Assert.Single(reader.GetShards(stream.Arn).Shards).IsClosed);
        Assert.True(reader.Read(stream.Arn, shard.ShardId, read.Records[2].SequenceNumber, 10).ShardEnded);
    }

    [Fact]
    public async Task Ttl_deletions_carry_the_service_identity_in_the_lambda_shape()
    {
        await using var context = TableTestContext.Create();
        var table = await context.CreateAsync("sessions", "KEYS_ONLY");
        await context.Engine.UpdateTimeToLiveAsync("sessions", "exp", enabled: true);
        await context.Engine.PutItemAsync("sessions", TableTestContext.Item(("pk", "a"), ("sk", 1), ("exp", context.Time.GetUtcNow().ToUnixTimeSeconds() - 1)));
        await context.Engine.SweepExpiredAsync();
        var reader = new DynamoDbStreamReader(context.Engine, "us-east-1");
        var remove = reader.Read(table.Stream!.Arn, table.Stream.ShardId, null, 10).Records[^1];
        var json = JsonDocument.Parse(remove.Data).RootElement;
        Assert.Equal("REMOVE", json.GetProperty("eventName").GetString());
        Assert.Equal("Service", json.GetProperty("userIdentity").GetProperty("type").GetString());
        Assert.Equal("dynamodb.amazonaws.com", json.GetProperty("userIdentity").GetProperty("principalId").GetString());
    }
}
