using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Host.Configuration;
using Platform.IntegrationTests.Support;
using Platform.Runtime;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;
using Platform.Triggers.Sources.Sqs;

namespace Platform.IntegrationTests.EndToEnd;

/// <summary>SQS triggers declared like platform.yaml declares them, on the embedded platform: the
/// function gets Lambda's event, reported failures are retried and reach the dead-letter queue,
/// and a mapping AWS would refuse stops the platform from starting.</summary>
public sealed class SqsMappingTests
{
    private const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:orders";

    private static MappingDeclaration Trigger(string function, int line = 0, bool report = true) => new(new EventSourceMapping
    {
        Uuid = MappingIds.ForDeclaration(function, QueueArn),
        FunctionName = function,
        EventSourceArn = QueueArn,
        Origin = MappingOrigins.Config,
        FunctionResponseTypes = report ? [MappingResponseTypes.ReportBatchItemFailures] : [],
    }, line);

    private static PlatformConfig Config(params MappingDeclaration[] mappings) => new()
    {
        Queues =
        [
            new QueueDeclaration("orders-dlq", new Dictionary<string, string>()),
            new QueueDeclaration("orders", new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = "5",
                ["RedrivePolicy"] = """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":2}""",
            }),
        ],
        Mappings = mappings,
    };

    [Fact]
    public async Task Messages_reach_the_function_as_lambdas_event_and_reported_failures_end_on_the_dlq()
    {
        var events = new EventCollector();
        await using var app = await InProcessPlatform.StartAsync(Config(Trigger("record")), services => services.AddFunction(
            new FunctionDefinition { Name = "record", Timeout = TimeSpan.FromSeconds(5) },
            (payload, _) =>
            {
                events.Add(payload);
                // Every message whose body says "poison" fails; the others succeed.
                var failed = JsonDocument.Parse(payload).RootElement.GetProperty("Records").EnumerateArray()
                    .Where(r => r.GetProperty("body").GetString() == "poison")
                    .Select(r => $$"""{"itemIdentifier":"{{r.GetProperty("messageId").GetString()}}"}""");
                return Task.FromResult<string?>($$"""{"batchItemFailures":[{{string.Join(',', failed)}}]}""");
            }));
        var queues = app.Services.GetRequiredService<QueueEngine>();

        var good = await queues.SendMessageAsync("orders", new OutgoingMessage
        {
            Body = """{"orderId":"o-1"}""",
            MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["kind"] = new() { DataType = "String", StringValue = "order" } },
        });
        var poison = await queues.SendMessageAsync("orders", new OutgoingMessage { Body = "poison" });

        // The poison message is redriven on the receive after its second failure.
        var dead = await queues.ReceiveMessagesAsync("orders-dlq", new ReceiveRequest { MaxNumberOfMessages = 10, WaitTime = TimeSpan.FromSeconds(40) });
        Assert.Equal(poison.MessageId, Assert.Single(dead).MessageId);

        var records = events.Snapshot().SelectMany(e => e.GetProperty("Records").EnumerateArray()).ToList();
        // At least once: on a loaded machine a first attempt may time out and the batch run again.
        var goodRecord = records.First(r => r.GetProperty("messageId").GetString() == good.MessageId);
        Assert.True(records.Count(r => r.GetProperty("messageId").GetString() == poison.MessageId) >= 2);
        Assert.Equal("aws:sqs", goodRecord.GetProperty("eventSource").GetString());
        Assert.Equal(QueueArn, goodRecord.GetProperty("eventSourceARN").GetString());
        Assert.Equal(good.MD5OfBody, goodRecord.GetProperty("md5OfBody").GetString());
        Assert.Equal(good.MD5OfMessageAttributes, goodRecord.GetProperty("md5OfMessageAttributes").GetString());
        Assert.Equal("order", goodRecord.GetProperty("messageAttributes").GetProperty("kind").GetProperty("stringValue").GetString());

        using var admin = new PlatformAdminClient(app.Endpoint);
        var function = Assert.Single((await admin.GetAsync("/_platform/functions")).EnumerateArray(), f => f.GetProperty("name").GetString() == "record");
        var mapping = Assert.Single(function.GetProperty("mappings").EnumerateArray());
        Assert.Equal(QueueArn, mapping.GetProperty("eventSourceArn").GetString());
        Assert.Equal("Enabled", mapping.GetProperty("state").GetString());
        Assert.Equal(10, mapping.GetProperty("batchSize").GetInt32());
        Assert.True(mapping.GetProperty("running").GetBoolean());
        Assert.Equal("config", mapping.GetProperty("origin").GetString());
    }

    [Fact]
    public async Task A_function_timeout_longer_than_the_visibility_timeout_is_a_config_error_at_the_triggers_line()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => InProcessPlatform.StartAsync(Config(Trigger("slow", line: 12)),
            services => services.AddFunction(new FunctionDefinition { Name = "slow", Timeout = TimeSpan.FromSeconds(6) },
                (_, _) => Task.FromResult<string?>(null))));

        Assert.Equal(12, error.Line);
        Assert.Contains("Queue visibility timeout: 5 seconds is less than Function timeout: 6 seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_kind_without_a_worker_is_a_config_error()
    {
        var kinesis = new MappingDeclaration(new EventSourceMapping
        {
            Uuid = MappingIds.ForDeclaration("record", "arn:aws:kinesis:us-east-1:000000000000:stream/clicks"),
            FunctionName = "record",
            EventSourceArn = "arn:aws:kinesis:us-east-1:000000000000:stream/clicks",
            Origin = MappingOrigins.Config,
            StartingPosition = "LATEST",
        }, 7);
        var error = await Assert.ThrowsAsync<ConfigException>(() => InProcessPlatform.StartAsync(Config(kinesis), services =>
        {
            // Only the SQS worker: as in a build without the Kinesis module.
            foreach (var other in services.Where(d => d.ServiceType == typeof(ISourceWorkerFactory) && d.ImplementationType != typeof(SqsMappingWorkerFactory)).ToList())
                services.Remove(other);
            services.AddFunction(new FunctionDefinition { Name = "record" }, (_, _) => Task.FromResult<string?>(null));
        }));

        Assert.Equal(7, error.Line);
        Assert.Contains("no event source mapping support for Kinesis sources", error.Message, StringComparison.Ordinal);
    }
}
