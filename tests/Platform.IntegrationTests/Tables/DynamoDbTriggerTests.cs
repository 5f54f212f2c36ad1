using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Runtime;

namespace Platform.IntegrationTests.Tables;

/// <summary>The example: a table with a stream, a mapping created with the aws CLI, and
/// put/update/delete reaching the function as INSERT, MODIFY and REMOVE in Lambda's event shape.</summary>
public sealed class DynamoDbTriggerTests
{
    [Fact]
    public async Task Changes_reach_the_function_in_order_in_lambdas_event_shape()
    {
        var collector = new EventCollector();
        await using var app = await InProcessPlatform.StartAsync(new PlatformConfig(),
            services => services.AddCollectingFunction("audit", collector));
        var aws = new AwsCli(app.Endpoint);
        var created = JsonDocument.Parse(await aws.RunOkAsync("dynamodb", "create-table", "--table-name", "orders",
            "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=S",
            "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
            "--billing-mode", "PAY_PER_REQUEST", "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES")).RootElement;
        var streamArn = created.GetProperty("TableDescription").GetProperty("LatestStreamArn").GetString()!;
        var mapping = JsonDocument.Parse(await aws.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "audit",
            "--event-source-arn", streamArn, "--starting-position", "TRIM_HORIZON",
            "--function-response-types", "ReportBatchItemFailures", "--bisect-batch-on-function-error")).RootElement;
        Assert.Equal(streamArn, mapping.GetProperty("EventSourceArn").GetString());
        Assert.Equal("TRIM_HORIZON", mapping.GetProperty("StartingPosition").GetString());

        await aws.RunOkAsync("dynamodb", "put-item", "--table-name", "orders", "--item", """{"pk":{"S":"o-1"},"sk":{"S":"v1"},"qty":{"N":"1"}}""");
        await aws.RunOkAsync("dynamodb", "update-item", "--table-name", "orders", "--key", """{"pk":{"S":"o-1"},"sk":{"S":"v1"}}""",
            "--update-expression", "SET qty = :q", "--expression-attribute-values", """{":q":{"N":"2"}}""");
        await aws.RunOkAsync("dynamodb", "delete-item", "--table-name", "orders", "--key", """{"pk":{"S":"o-1"},"sk":{"S":"v1"}}""");

        var records = await WaitForRecordsAsync(collector, 3);
        Assert.Equal(["INSERT", "MODIFY", "REMOVE"], records.Select(r => r.GetProperty("eventName").GetString()!).ToArray());
        var modify = records[1];
        Assert.Equal(["eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb", "eventSourceARN"],
            modify.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("1.1", modify.GetProperty("eventVersion").GetString());
        Assert.Equal("aws:dynamodb", modify.GetProperty("eventSource").GetString());
        Assert.Equal(streamArn, modify.GetProperty("eventSourceARN").GetString());
        var dynamodb = modify.GetProperty("dynamodb");
        Assert.Equal("1", dynamodb.GetProperty("OldImage").GetProperty("qty").GetProperty("N").GetString());
        Assert.Equal("2", dynamodb.GetProperty("NewImage").GetProperty("qty").GetProperty("N").GetString());
        Assert.Equal("o-1", dynamodb.GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString());
        Assert.Equal("NEW_AND_OLD_IMAGES", dynamodb.GetProperty("StreamViewType").GetString());
        Assert.True(dynamodb.GetProperty("SizeBytes").GetInt32() > 0);
        Assert.Equal(JsonValueKind.Number, dynamodb.GetProperty("ApproximateCreationDateTime").ValueKind);
        Assert.False(records[2].GetProperty("dynamodb").TryGetProperty("NewImage", out _));
    }

    [Fact]
    public async Task A_record_that_keeps_failing_goes_to_the_on_failure_queue_with_ddb_batch_info()
    {
        var attempts = 0;
        await using var app = await InProcessPlatform.StartAsync(new PlatformConfig
        {
            Queues = [new QueueDeclaration("ddb-failures", new Dictionary<string, string>())],
        }, services => services.AddFunction(new FunctionDefinition { Name = "fragile", Timeout = TimeSpan.FromSeconds(10) }, (_, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("always fails");
        }));
        var aws = new AwsCli(app.Endpoint);
        var created = JsonDocument.Parse(await aws.RunOkAsync("dynamodb", "create-table", "--table-name", "fragile-table",
            "--attribute-definitions", "AttributeName=pk,AttributeType=S", "--key-schema", "AttributeName=pk,KeyType=HASH",
            "--billing-mode", "PAY_PER_REQUEST", "--stream-specification", "StreamEnabled=true,StreamViewType=KEYS_ONLY")).RootElement;
        var streamArn = created.GetProperty("TableDescription").GetProperty("LatestStreamArn").GetString()!;
        await aws.RunOkAsync("lambda", "create-event-source-mapping", "--function-name", "fragile",
            "--event-source-arn", streamArn, "--starting-position", "TRIM_HORIZON", "--maximum-retry-attempts", "1",
            "--destination-config", "OnFailure={Destination=arn:aws:sqs:us-east-1:000000000000:ddb-failures}");
        await aws.RunOkAsync("dynamodb", "put-item", "--table-name", "fragile-table", "--item", """{"pk":{"S":"x"}}""");

        var queueUrl = JsonDocument.Parse(await aws.RunOkAsync("sqs", "get-queue-url", "--queue-name", "ddb-failures")).RootElement.GetProperty("QueueUrl").GetString()!;
        var received = JsonDocument.Parse(await aws.RunOkAsync("sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "20")).RootElement;
        var body = JsonDocument.Parse(received.GetProperty("Messages")[0].GetProperty("Body").GetString()!).RootElement;
        var info = body.GetProperty("DDBStreamBatchInfo");
        Assert.Equal(streamArn, info.GetProperty("streamArn").GetString());
        Assert.Equal(1, info.GetProperty("batchSize").GetInt32());
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_platform_yaml_trigger_reads_the_declared_tables_stream()
    {
        var parsed = ConfigLoader.Parse(new StringReader("""
            tables:
              - { name: yaml-orders, key: [pk:S], stream: NEW_IMAGE }
            functions:
              audit:
                assembly: fn/bin/Fn.dll
                handler: Fn::Fn.Handler
                triggers:
                  - dynamodb: { table: yaml-orders, startingPosition: TRIM_HORIZON, filterCriteria: { filters: [ { pattern: '{"eventName":["INSERT"]}' } ] } }
            """), Path.Combine(Path.GetTempPath(), "platform.yaml"));
        // The function itself is registered in code (collecting what it receives); the file gives the table and the trigger.
        var collector = new EventCollector();
        await using var app = await InProcessPlatform.StartAsync(parsed with { Functions = [] },
            services => services.AddCollectingFunction("audit", collector));
        var aws = new AwsCli(app.Endpoint);
        var streamArn = JsonDocument.Parse(await aws.RunOkAsync("dynamodb", "describe-table", "--table-name", "yaml-orders"))
            .RootElement.GetProperty("Table").GetProperty("LatestStreamArn").GetString()!;
        var listed = JsonDocument.Parse(await aws.RunOkAsync("lambda", "list-event-source-mappings", "--function-name", "audit")).RootElement;
        Assert.Equal(streamArn, listed.GetProperty("EventSourceMappings")[0].GetProperty("EventSourceArn").GetString());

        await aws.RunOkAsync("dynamodb", "put-item", "--table-name", "yaml-orders", "--item", """{"pk":{"S":"a"},"v":{"N":"1"}}""");
        await aws.RunOkAsync("dynamodb", "put-item", "--table-name", "yaml-orders", "--item", """{"pk":{"S":"a"},"v":{"N":"2"}}""");
        await aws.RunOkAsync("dynamodb", "put-item", "--table-name", "yaml-orders", "--item", """{"pk":{"S":"b"}}""");
        var records = await WaitForRecordsAsync(collector, 2);
        Assert.Equal(["a", "b"], records.Select(r => r.GetProperty("dynamodb").GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()!).ToArray());
        Assert.All(records, r => Assert.Equal("INSERT", r.GetProperty("eventName").GetString()));
    }

    private static async Task<List<JsonElement>> WaitForRecordsAsync(EventCollector collector, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var events = collector.Snapshot();
            var records = events.SelectMany(e => e.GetProperty("Records").EnumerateArray()).ToList();
            if (records.Count >= count)
                return records;
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} records arrived: {JsonSerializer.Serialize(events)}");
            await collector.WaitForAsync(_ => true, events.Count + 1, TimeSpan.FromSeconds(30));
        }
    }
}
