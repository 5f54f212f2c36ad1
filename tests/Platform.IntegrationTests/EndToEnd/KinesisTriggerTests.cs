using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Runtime;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>Records put with the aws CLI reach a function through a Kinesis event source mapping
/// created with the aws CLI: Lambda's event shape, order per shard, and the on-failure record.</summary>
public sealed class KinesisTriggerTests
{
    private const string StreamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";

    [Fact]
    public async Task Records_put_with_the_cli_arrive_in_order_per_shard_in_lambdas_event_shape()
    {
        var collector = new EventCollector();
        await using var app = await InProcessPlatform.StartAsync(new PlatformConfig(),
            services => services.AddCollectingFunction("consume", collector));
        var aws = new AwsCli(app.Endpoint);
        await aws.RunOkAsync("kinesis", "create-stream", "--stream-name", "orders", "--shard-count", "2");
        await aws.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "consume",
            "--event-source-arn", StreamArn, "--starting-position", "TRIM_HORIZON", "--batch-size", "5");

        var entries = Enumerable.Range(1, 24).Select(i => new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"n":{{i}}}""")), PartitionKey = $"key-{i % 6}" });
        var put = JsonDocument.Parse(await aws.RunOkAsync("kinesis", "put-records", "--stream-name", "orders",
            "--records", JsonSerializer.Serialize(entries))).RootElement;
        Assert.Equal(0, put.GetProperty("FailedRecordCount").GetInt32());
        var acknowledged = put.GetProperty("Records").EnumerateArray()
            .Select(r => (Shard: r.GetProperty("ShardId").GetString()!, Sequence: r.GetProperty("SequenceNumber").GetString()!)).ToList();

        var events = await WaitForRecordsAsync(collector, 24);

        var records = events.SelectMany(e => e.GetProperty("Records").EnumerateArray()).ToList();
        Assert.All(events, e => Assert.InRange(e.GetProperty("Records").GetArrayLength(), 1, 5));
        // Each batch comes from one shard, and each shard's records arrive in the order they were put.
        Assert.All(events, e => Assert.Single(e.GetProperty("Records").EnumerateArray().Select(ShardOf).Distinct()));
        foreach (var shard in acknowledged.GroupBy(a => a.Shard))
            Assert.Equal(shard.Select(a => a.Sequence), records.Where(r => ShardOf(r) == shard.Key).Select(SequenceOf));

        var first = records.First(r => SequenceOf(r) == acknowledged[0].Sequence);
        Assert.Equal("aws:kinesis", first.GetProperty("eventSource").GetString());
        Assert.Equal("1.0", first.GetProperty("eventVersion").GetString());
        Assert.Equal("aws:kinesis:record", first.GetProperty("eventName").GetString());
        Assert.Equal($"{acknowledged[0].Shard}:{acknowledged[0].Sequence}", first.GetProperty("eventID").GetString());
        Assert.Equal(StreamArn, first.GetProperty("eventSourceARN").GetString());
        Assert.Equal("us-east-1", first.GetProperty("awsRegion").GetString());
        Assert.StartsWith("arn:aws:iam::000000000000:role/", first.GetProperty("invokeIdentityArn").GetString());
        var kinesis = first.GetProperty("kinesis");
        Assert.Equal("1.0", kinesis.GetProperty("kinesisSchemaVersion").GetString());
        Assert.Equal("key-1", kinesis.GetProperty("partitionKey").GetString());
        Assert.Equal("""{"n":1}""", Encoding.UTF8.GetString(Convert.FromBase64String(kinesis.GetProperty("data").GetString()!)));
        var arrival = DateTimeOffset.FromUnixTimeMilliseconds((long)(kinesis.GetProperty("approximateArrivalTimestamp").GetDouble() * 1000));
        Assert.InRange(arrival, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task A_record_that_keeps_failing_goes_to_the_on_failure_queue_and_the_shard_moves_on()
    {
        var collector = new EventCollector();
        await using var app = await InProcessPlatform.StartAsync(new PlatformConfig
        {
            Queues = [new QueueDeclaration("stream-failures", new Dictionary<string, string>())],
        }, services => services.AddFunction(new FunctionDefinition { Name = "consume", Timeout = TimeSpan.FromSeconds(10) }, (payload, _) =>
        {
            collector.Add(payload);
            if (payload.Contains(Convert.ToBase64String("poison"u8.ToArray()), StringComparison.Ordinal))
                throw new InvalidOperationException("cannot digest this record");
            return Task.FromResult<string?>(null);
        }));
        var aws = new AwsCli(app.Endpoint);
        await aws.RunOkAsync("kinesis", "create-stream", "--stream-name", "orders", "--shard-count", "1");
        await aws.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "consume",
            "--event-source-arn", StreamArn, "--starting-position", "TRIM_HORIZON", "--batch-size", "10",
            "--maximum-retry-attempts", "1", "--bisect-batch-on-function-error",
            "--destination-config", """{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:000000000000:stream-failures"}}""");
        var poison = JsonDocument.Parse(await aws.RunOkAsync("kinesis", "put-record", "--stream-name", "orders",
            "--partition-key", "p", "--cli-binary-format", "raw-in-base64-out", "--data", "poison")).RootElement;
        await aws.RunOkAsync("kinesis", "put-record", "--stream-name", "orders",
            "--partition-key", "p", "--cli-binary-format", "raw-in-base64-out", "--data", "fine");

        var queues = app.Services.GetRequiredService<QueueEngine>();
        var received = await queues.ReceiveMessagesAsync("stream-failures", new ReceiveRequest { WaitTime = TimeSpan.FromSeconds(20) });
        var record = JsonDocument.Parse(Assert.Single(received).Body).RootElement;
        await collector.WaitForAsync(e => e.GetProperty("Records").EnumerateArray().Any(r =>
            r.GetProperty("kinesis").GetProperty("data").GetString() == Convert.ToBase64String("fine"u8.ToArray())), timeout: TimeSpan.FromSeconds(30));

        var info = record.GetProperty("KinesisBatchInfo");
        Assert.Equal(poison.GetProperty("SequenceNumber").GetString(), info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(poison.GetProperty("SequenceNumber").GetString(), info.GetProperty("endSequenceNumber").GetString());
        Assert.Equal(poison.GetProperty("ShardId").GetString(), info.GetProperty("shardId").GetString());
        Assert.Equal(StreamArn, info.GetProperty("streamArn").GetString());
        Assert.Equal("RetryAttemptsExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal("1.0", record.GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_stream_and_a_kinesis_trigger_declared_in_platform_yaml_work_from_the_start()
    {
        var collector = new EventCollector();
        var config = ConfigLoader.Parse(new StringReader("""
            streams:
              - name: clicks
                shardCount: 2
            """), "/cfg/platform.yaml") with
        {
            Mappings =
            [
                new MappingDeclaration(new Platform.Triggers.Mappings.EventSourceMapping
                {
                    Uuid = "clicks-consume",
                    FunctionName = "consume",
                    EventSourceArn = "arn:aws:kinesis:us-east-1:000000000000:stream/clicks",
                    StartingPosition = "TRIM_HORIZON",
                    Origin = Platform.Triggers.Mappings.MappingOrigins.Config,
                }, 1),
            ],
        };
        await using var app = await InProcessPlatform.StartAsync(config, services => services.AddCollectingFunction("consume", collector));
        var aws = new AwsCli(app.Endpoint);

        var shards = JsonDocument.Parse(await aws.RunOkAsync("kinesis", "list-shards", "--stream-name", "clicks")).RootElement;
        Assert.Equal(2, shards.GetProperty("Shards").GetArrayLength());
        var put = JsonDocument.Parse(await aws.RunOkAsync("kinesis", "put-record", "--stream-name", "clicks",
            "--partition-key", "u1", "--cli-binary-format", "raw-in-base64-out", "--data", "click")).RootElement;

        var events = await WaitForRecordsAsync(collector, 1);
        var record = Assert.Single(events.SelectMany(e => e.GetProperty("Records").EnumerateArray()));
        Assert.Equal(put.GetProperty("SequenceNumber").GetString(), SequenceOf(record));
    }

    private static async Task<IReadOnlyList<JsonElement>> WaitForRecordsAsync(EventCollector collector, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var events = collector.Snapshot();
            if (events.Sum(e => e.GetProperty("Records").GetArrayLength()) >= count)
                return events;
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} records arrived: {JsonSerializer.Serialize(events)}");
            await collector.WaitForAsync(_ => true, events.Count + 1, TimeSpan.FromSeconds(30));
        }
    }

    private static string ShardOf(JsonElement record) => record.GetProperty("eventID").GetString()!.Split(':')[0];

    private static string SequenceOf(JsonElement record) => record.GetProperty("kinesis").GetProperty("sequenceNumber").GetString()!;
}
