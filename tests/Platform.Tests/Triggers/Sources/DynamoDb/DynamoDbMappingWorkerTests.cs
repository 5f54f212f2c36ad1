using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Emulators.Tables.Engine;
using Platform.Tests.Tables;
using Platform.Tests.Triggers.Sources.Kinesis;
using Platform.Triggers.Mappings;

namespace Platform.Tests.Triggers.Sources.DynamoDb;

/// <summary>The DynamoDB Streams mapping's conformance suite over the platform's table engine, a
/// scripted function and a manual clock: order per item, bisection, ReportBatchItemFailures, the
/// on-failure record with <c>DDBStreamBatchInfo</c>, the checkpoint across a restart and tumbling
/// windows (services-ddb-*).</summary>
public sealed class DynamoDbMappingWorkerTests : IAsyncLifetime
{
    private readonly StreamHarness _harness = new(tables: true);
    private string _streamArn = "";

    public async Task InitializeAsync()
    {
        var table = await _harness.Tables.CreateTableAsync(new TableDefinition
        {
            Name = "orders",
            AttributeDefinitions = [new AttributeDefinition("pk", "S")],
            HashKey = "pk",
            BillingMode = "PAY_PER_REQUEST",
            StreamEnabled = true,
            StreamViewType = "NEW_AND_OLD_IMAGES",
        });
        _streamArn = table.Stream!.Arn;
        await _harness.CreateFailureQueueAsync();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private EventSourceMapping Mapping => StreamHarness.Mapping(_streamArn);

    private Task Put(string pk, string value) => _harness.Tables.PutItemAsync("orders", TableTestContext.Item(("pk", pk), ("v", value)));

    private static IEnumerable<(string Key, string Value, string Sequence)> Changes(StreamInvocation call) =>
        call.Records.Select(r => r.GetProperty("dynamodb")).Select(d => (
            d.GetProperty("Keys").GetProperty("pk").GetProperty("S").GetString()!,
            d.GetProperty("NewImage").GetProperty("v").GetProperty("S").GetString()!,
            d.GetProperty("SequenceNumber").GetString()!));

    [Fact]
    public async Task The_changes_of_one_item_arrive_in_order_across_parallel_lanes()
    {
        foreach (var (pk, value) in new[] { ("a", "1"), ("b", "1"), ("a", "2"), ("c", "1"), ("b", "2"), ("a", "3") })
            await Put(pk, value);
        _harness.Start(Mapping with { ParallelizationFactor = 3, BatchSize = 1 });

        var calls = await _harness.Function.CallsCoveringAsync(6);

        var seen = calls.SelectMany(Changes).ToList();
        Assert.Equal(["1", "2", "3"], seen.Where(c => c.Key == "a").Select(c => c.Value));
        Assert.Equal(["1", "2"], seen.Where(c => c.Key == "b").Select(c => c.Value));
        Assert.All(calls, c => Assert.Equal("dynamodb:orders", c.Request.Trigger));
        // Sequence numbers are fixed-width: in their order the stream's INSERTs and MODIFYs are as written.
        Assert.Equal(["INSERT", "INSERT", "MODIFY", "INSERT", "MODIFY", "MODIFY"], calls.SelectMany(c => c.Records)
            .OrderBy(r => r.GetProperty("dynamodb").GetProperty("SequenceNumber").GetString(), StringComparer.Ordinal)
            .Select(r => r.GetProperty("eventName").GetString()!));
    }

    [Fact]
    public async Task Bisection_isolates_a_failing_item_and_its_DDBStreamBatchInfo_goes_to_the_on_failure_queue()
    {
        foreach (var value in new[] { "ok-1", "ok-2", "poison", "ok-3" })
            await Put(value, value);
        _harness.Function.Respond = call => Changes(call).Any(c => c.Value == "poison")
            ? (InvocationOutcome.Failed, null)
            : (InvocationOutcome.Succeeded, null);
        _harness.Start(Mapping with
        {
            BatchSize = 4,
            BisectBatchOnFunctionError = true,
            MaximumRetryAttempts = 0,
            OnFailureDestination = StreamHarness.FailureQueueArn,
        });

        var record = await _harness.NextFailureRecordAsync();

        var info = record.GetProperty("DDBStreamBatchInfo");
        Assert.Equal(1, info.GetProperty("batchSize").GetInt32());
        Assert.Equal(_streamArn, info.GetProperty("streamArn").GetString());
        var poison = _harness.Function.All.SelectMany(Changes).First(c => c.Value == "poison").Sequence;
        Assert.Equal(poison, info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(poison, info.GetProperty("endSequenceNumber").GetString());
        Assert.Equal(["approximateArrivalOfFirstRecord", "approximateArrivalOfLastRecord", "batchSize", "endSequenceNumber", "shardId",
                "startSequenceNumber", "streamArn"],
            info.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("RetryAttemptsExhausted", record.GetProperty("requestContext").GetProperty("condition").GetString());
        var succeeded = _harness.Function.All.Where(c => !Changes(c).Any(x => x.Value == "poison")).SelectMany(Changes).Select(c => c.Value);
        Assert.Equal(["ok-1", "ok-2", "ok-3"], succeeded.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReportBatchItemFailures_retries_from_the_reported_sequence_number()
    {
        foreach (var value in new[] { "1", "2", "3" })
            await Put("k" + value, value);
        var answered = 0;
        _harness.Function.Respond = call => Interlocked.Increment(ref answered) == 1
            ? (InvocationOutcome.Succeeded, $$"""{"batchItemFailures":[{"itemIdentifier":"{{Changes(call).ElementAt(1).Sequence}}"}]}""")
            : (InvocationOutcome.Succeeded, """{"batchItemFailures":[]}""");
        _harness.Start(Mapping with { FunctionResponseTypes = [MappingResponseTypes.ReportBatchItemFailures] });

        var first = await _harness.Function.NextCallAsync();
        var retry = await _harness.Function.NextCallAsync();

        Assert.Equal(["1", "2", "3"], Changes(first).Select(c => c.Value));
        Assert.Equal(["2", "3"], Changes(retry).Select(c => c.Value));
    }

    [Fact]
    public async Task A_restarted_mapping_continues_after_its_checkpoint()
    {
        await Put("a", "1");
        await Put("b", "1");
        _harness.Start(Mapping);
        Assert.Equal(2, (await _harness.Function.CallsCoveringAsync(2)).Sum(c => c.Records.Count));
        await _harness.ReopenAsync();

        await _harness.Tables.PutItemAsync("orders", TableTestContext.Item(("pk", "c"), ("v", "1")));
        _harness.Start(Mapping);
        var resumed = await _harness.Function.NextCallAsync();

        Assert.Equal(["c"], Changes(resumed).Select(c => c.Key));
    }

    [Fact]
    public async Task A_tumbling_window_aggregates_table_changes_and_ends_with_a_final_invocation()
    {
        _harness.Function.Respond = call =>
        {
            var count = call.Event.GetProperty("state").TryGetProperty("count", out var c) ? c.GetInt32() : 0;
            return (InvocationOutcome.Succeeded, "{\"state\":{\"count\":" + (count + call.Records.Count) + "}}");
        };
        await Put("a", "1");
        await Put("a", "2");
        _harness.Start(Mapping with { TumblingWindowInSeconds = 60, BatchSize = 1 });
        await _harness.Function.CallsCoveringAsync(2);

        var end = DateTimeOffset.Parse(_harness.Function.All[0].Event.GetProperty("window").GetProperty("end").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        _harness.Time.Advance(end - _harness.Time.GetUtcNow());
        var final = await _harness.Function.NextCallAsync();

        Assert.True(final.Event.GetProperty("isFinalInvokeForWindow").GetBoolean());
        Assert.Equal(2, final.Event.GetProperty("state").GetProperty("count").GetInt32());
        Assert.Equal(_streamArn, final.Event.GetProperty("eventSourceARN").GetString());
        Assert.Equal(JsonValueKind.Array, final.Event.GetProperty("Records").ValueKind);
    }
}
