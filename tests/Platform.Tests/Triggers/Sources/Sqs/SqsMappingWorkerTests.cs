using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Triggers;
using Platform.Triggers.Mappings;
using Platform.Triggers.Pollers;
using Platform.Triggers.Sources.Sqs;

namespace Platform.Tests.Triggers.Sources.Sqs;

/// <summary>The SQS worker over the real queue engine (SQLite) and a manual clock: what is deleted,
/// what reappears, what reaches the dead-letter queue, and how batches are formed.</summary>
public sealed class SqsMappingWorkerTests : IAsyncLifetime
{
    private const string Arn = "arn:aws:sqs:us-east-1:000000000000:orders";
    private const string FifoArn = "arn:aws:sqs:us-east-1:000000000000:orders.fifo";
    private const string Redrive = """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":2}""";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // Stepping tests: a receive on an empty queue returns at once instead of long-polling.
    private static readonly TriggerOptions Stepping = QueueHarness.Options with { QueueReceiveWaitTime = TimeSpan.Zero };

    private readonly QueueHarness _harness = new();
    private readonly ScriptedInvocationDispatcher _invoker;
    private readonly InMemoryFunctionCatalog _catalog = new([new FunctionDefinition { Name = "orders", Timeout = TimeSpan.FromSeconds(3) }]);

    public SqsMappingWorkerTests() => _invoker = new ScriptedInvocationDispatcher(_harness.Time);

    public async Task InitializeAsync()
    {
        await _harness.Queues.CreateQueueAsync("orders-dlq");
        await _harness.Queues.CreateQueueAsync("orders", new Dictionary<string, string> { ["VisibilityTimeout"] = "30", ["RedrivePolicy"] = Redrive });
        await _harness.Queues.CreateQueueAsync("orders.fifo", new Dictionary<string, string> { ["FifoQueue"] = "true", ["VisibilityTimeout"] = "30" });
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static EventSourceMapping Mapping(string arn = Arn, int batchSize = 10, int window = 0, bool report = false, int? concurrency = null,
        IReadOnlyList<string>? filters = null) => new()
    {
        Uuid = "m-1",
        FunctionName = "orders",
        EventSourceArn = arn,
        BatchSize = batchSize,
        MaximumBatchingWindowInSeconds = window,
        FunctionResponseTypes = report ? [MappingResponseTypes.ReportBatchItemFailures] : [],
        MaximumConcurrency = concurrency,
        FilterPatterns = filters ?? [],
    };

    private SqsMappingWorker Worker(EventSourceMapping mapping, TriggerOptions? options = null) =>
        new(mapping, _harness.Queues, _catalog, _invoker, options ?? Stepping, _harness.Time, NullLoggerFactory.Instance);

    private static async Task<PollResult> StepAsync(SqsMappingWorker worker)
    {
        var result = await worker.PollOnceAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(Timeout);
        await worker.WhenIdleAsync(timeout.Token);
        return result;
    }

    private async Task<List<string>> SendAsync(string queue, int count, string? group = null, string prefix = "m")
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var sent = await _harness.Queues.SendMessageAsync(queue, new OutgoingMessage
            {
                Body = $$"""{"n":{{i}},"id":"{{prefix}}{{i}}"}""",
                MessageGroupId = group,
                MessageDeduplicationId = group is null ? null : $"{prefix}{i}",
            });
            ids.Add(sent.MessageId);
        }

        return ids;
    }

    private static IReadOnlyList<string> MessageIds(InvokeFunction call) =>
        JsonDocument.Parse(call.Payload).RootElement.GetProperty("Records").EnumerateArray()
            .Select(r => r.GetProperty("messageId").GetString()!).ToList();

    private async Task<int> VisibleAfterAsync(string queue, TimeSpan advance)
    {
        _harness.Time.Advance(advance);
        return (await _harness.DrainAsync(queue)).Count;
    }

    [Fact]
    public async Task A_successful_batch_is_deleted_and_the_event_is_lambdas()
    {
        var ids = await SendAsync("orders", 3);

        Assert.Equal(PollResult.DidWork, await StepAsync(Worker(Mapping())));

        var call = Assert.Single(_invoker.All);
        Assert.Equal(("orders", "sqs:orders", 1), (call.FunctionName, call.Trigger, call.Attempt));
        Assert.Equal(ids, MessageIds(call));
        var record = JsonDocument.Parse(call.Payload).RootElement.GetProperty("Records")[0];
        Assert.Equal("""{"n":0,"id":"m0"}""", record.GetProperty("body").GetString());
        Assert.Equal(Arn, record.GetProperty("eventSourceARN").GetString());
        Assert.Equal("1", record.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal(0, await VisibleAfterAsync("orders", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Batches_hold_at_most_BatchSize_messages()
    {
        await SendAsync("orders", 25);
        var worker = Worker(Mapping(batchSize: 10));

        while (await StepAsync(worker) == PollResult.DidWork)
        {
        }

        Assert.Equal([10, 10, 5], _invoker.All.Select(c => MessageIds(c).Count));
        Assert.Equal(25, _invoker.All.SelectMany(MessageIds).Distinct().Count());
    }

    [Theory]
    [InlineData(InvocationOutcome.Failed)]
    [InlineData(InvocationOutcome.TimedOut)]
    public async Task A_failed_batch_is_kept_reappears_after_the_visibility_timeout_and_then_goes_to_the_dlq(InvocationOutcome outcome)
    {
        _invoker.Outcome = _ => outcome;
        var ids = await SendAsync("orders", 2);
        var worker = Worker(Mapping());

        Assert.Equal(PollResult.DidWork, await StepAsync(worker));
        Assert.Equal(PollResult.Idle, await StepAsync(worker));        // invisible for 30 s
        _harness.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(PollResult.Idle, await StepAsync(worker));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PollResult.DidWork, await StepAsync(worker));     // second receive: count 2
        Assert.Equal([1, 2], _invoker.All.Select(c => c.Attempt));

        // maxReceiveCount 2: the third receive moves them to the dead-letter queue instead.
        _harness.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(PollResult.Idle, await StepAsync(worker));
        Assert.Equal(2, _invoker.All.Count);
        var dead = await _harness.DrainAsync("orders-dlq");
        Assert.Equal(ids.Order(), dead.Select(m => m.MessageId).Order());
        Assert.Equal(0, await VisibleAfterAsync("orders", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Reported_item_failures_stay_and_the_rest_is_deleted()
    {
        var ids = await SendAsync("orders", 3);
        _invoker.Response = _ => $$"""{"batchItemFailures":[{"itemIdentifier":"{{ids[1]}}"}]}""";
        var worker = Worker(Mapping(report: true));

        await StepAsync(worker);
        _harness.Time.Advance(TimeSpan.FromSeconds(30));
        _invoker.Response = _ => "null";
        await StepAsync(worker);

        Assert.Equal([ids[1]], MessageIds(_invoker.All[1]));
        Assert.Equal(0, await VisibleAfterAsync("orders", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_malformed_response_keeps_the_whole_batch()
    {
        var ids = await SendAsync("orders", 3);
        _invoker.Response = _ => """{"batchItemFailures":[{"itemIdentifier":""}]}""";

        await StepAsync(Worker(Mapping(report: true)));

        Assert.Empty(await _harness.DrainAsync("orders"));   // in flight until the visibility timeout
        _harness.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(ids.Order(), (await _harness.DrainAsync("orders")).Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task Without_the_opt_in_a_failure_report_is_ignored()
    {
        var ids = await SendAsync("orders", 2);
        _invoker.Response = _ => $$"""{"batchItemFailures":[{"itemIdentifier":"{{ids[0]}}"}]}""";

        await StepAsync(Worker(Mapping(report: false)));

        Assert.Equal(0, await VisibleAfterAsync("orders", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Filters_pass_matching_messages_and_delete_the_others_without_invoking()
    {
        var order = await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage { Body = """{"type":"order","total":120}""" });
        var bigRefund = await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage
        {
            Body = "refund",
            MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["priority"] = new() { DataType = "String", StringValue = "high" } },
        });
        await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage { Body = """{"type":"ping"}""" });
        await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage { Body = "not json" });
        var worker = Worker(Mapping(filters:
        [
            """{"body":{"type":["order"],"total":[{"numeric":[">",100]}]}}""",
            """{"messageAttributes":{"priority":{"stringValue":["high"]}}}""",
        ]));

        await StepAsync(worker);

        Assert.Equal([order.MessageId, bigRefund.MessageId], MessageIds(Assert.Single(_invoker.All)));
        Assert.Equal(0, await VisibleAfterAsync("orders", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task A_batch_the_filters_drop_entirely_is_deleted_without_an_invocation()
    {
        await SendAsync("orders", 3);
        var worker = Worker(Mapping(filters: ["""{"body":{"type":["order"]}}"""]));

        Assert.Equal(PollResult.DidWork, await StepAsync(worker));

        Assert.Empty(_invoker.All);
        Assert.Equal(0, await VisibleAfterAsync("orders", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task The_batching_window_gathers_until_it_closes()
    {
        await SendAsync("orders", 1, prefix: "a");
        var worker = Worker(Mapping(batchSize: 100, window: 5));

        var step = worker.PollOnceAsync(CancellationToken.None);
        await SendAsync("orders", 2, prefix: "b");
        _harness.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(step.IsCompleted);
        Assert.Empty(_invoker.All);

        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PollResult.DidWork, await step.WaitAsync(Timeout));
        var call = await _invoker.NextCallAsync();
        Assert.Equal(3, MessageIds(call).Count);
    }

    [Fact]
    public async Task A_full_batch_does_not_wait_for_the_window()
    {
        await SendAsync("orders", 12);
        var worker = Worker(Mapping(batchSize: 12, window: 300));

        Assert.Equal(PollResult.DidWork, await StepAsync(worker));
        Assert.Equal(12, MessageIds(Assert.Single(_invoker.All)).Count);
    }

    [Fact]
    public async Task Batches_over_6_MB_are_split_into_invocations_that_fit()
    {
        var body = new string('x', 250 * 1024);
        for (var i = 0; i < 30; i++)
            await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage { Body = body });
        var worker = Worker(Mapping(batchSize: 100, window: 1));

        Assert.Equal(PollResult.DidWork, await StepAsync(worker));
        // The held-over rest waits for its own window.
        var second = worker.PollOnceAsync(CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(Timeout);
        using (var idle = new CancellationTokenSource(Timeout))
            await worker.WhenIdleAsync(idle.Token);

        Assert.Equal(2, _invoker.All.Count);
        Assert.All(_invoker.All, c => Assert.True(System.Text.Encoding.UTF8.GetByteCount(c.Payload) <= BatchAssembler.MaxPayloadBytes));
        Assert.Equal(30, _invoker.All.Sum(c => MessageIds(c).Count));
        Assert.Equal(0, await VisibleAfterAsync("orders", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Fifo_groups_stay_in_order_and_a_failing_group_is_blocked_until_its_retry()
    {
        var a = await SendAsync("orders.fifo", 3, group: "A", prefix: "a");
        var b = await SendAsync("orders.fifo", 2, group: "B", prefix: "b");
        // a1 fails: a1 and a2 stay (a2 is later in group A), everything else is deleted.
        _invoker.Response = call => MessageIds(call).Contains(a[1]) ? $$"""{"batchItemFailures":[{"itemIdentifier":"{{a[1]}}"}]}""" : "null";
        var worker = Worker(Mapping(FifoArn, report: true));

        await StepAsync(worker);
        Assert.Equal([.. a, .. b], MessageIds(_invoker.All[0]));
        await SendAsync("orders.fifo", 1, group: "A", prefix: "a-late");

        // Group A is blocked while a1 is in flight: nothing of it is served, not even the new message.
        Assert.Equal(PollResult.Idle, await StepAsync(worker));
        _harness.Time.Advance(TimeSpan.FromSeconds(30));
        _invoker.Response = _ => "null";
        Assert.Equal(PollResult.DidWork, await StepAsync(worker));

        var retry = MessageIds(_invoker.All[1]);
        Assert.Equal(a[1], retry[0]);
        Assert.Equal(a[2], retry[1]);
        Assert.Equal(3, retry.Count);
        Assert.Empty(await _harness.DrainAsync("orders.fifo"));
    }

    [Fact]
    public async Task A_send_wakes_a_waiting_worker_without_the_clock_moving()
    {
        using var stop = new CancellationTokenSource();
        var worker = Worker(Mapping(), QueueHarness.Options);   // 20 s long polls
        var run = worker.RunAsync(stop.Token);

        var ids = await SendAsync("orders", 1);
        var call = await _invoker.NextCallAsync();

        Assert.Equal(ids, MessageIds(call));
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Maximum_concurrency_bounds_the_batches_running_at_once()
    {
        await SendAsync("orders", 8);
        var gate = new TaskCompletionSource();
        _invoker.Hold = gate;
        var started = 0;
        var threeStarted = new TaskCompletionSource();
        void OnStarted(InvokeFunction _)
        {
            if (Interlocked.Increment(ref started) == 3)
                threeStarted.TrySetResult();
        }

        _invoker.Started += OnStarted;
        using var stop = new CancellationTokenSource();
        var worker = Worker(Mapping(batchSize: 1, concurrency: 3), QueueHarness.Options);
        var run = worker.RunAsync(stop.Token);

        // Three batches are held in the function; the fourth waits for a free slot, not for a message.
        await threeStarted.Task.WaitAsync(Timeout);
        Assert.Equal(3, worker.Status.InFlightBatches);
        Assert.Equal(3, _invoker.All.Count);
        _invoker.Started -= OnStarted;
        _invoker.Hold = null;
        gate.SetResult();

        await WaitUntilAsync(worker.Settled, () => _invoker.All.Count == 8);
        await stop.CancelAsync();
        await run.WaitAsync(Timeout);     // waits for the batches still running
        Assert.Equal(8, _invoker.All.SelectMany(MessageIds).Distinct().Count());
        Assert.Equal(0, await VisibleAfterAsync("orders", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Stopping_releases_gathered_messages_and_waits_for_batches_in_flight()
    {
        await SendAsync("orders", 1, prefix: "running");
        var gate = new TaskCompletionSource();
        _invoker.Hold = gate;
        using var stop = new CancellationTokenSource();
        var worker = Worker(Mapping(batchSize: 50, window: 60, concurrency: 2), QueueHarness.Options);
        var run = worker.RunAsync(stop.Token);

        // First batch: closes when its window does; it is then held in the function.
        await WaitUntilAsync(worker.Received, () => worker.Received.Version >= 1);
        _harness.Time.Advance(TimeSpan.FromSeconds(60));
        await _invoker.NextCallAsync();
        var gathering = await SendAsync("orders", 1, prefix: "gathering");
        await WaitUntilAsync(worker.Received, () => worker.Received.Version >= 2);

        await stop.CancelAsync();
        Assert.False(run.IsCompleted);     // the running batch has no outcome yet
        gate.SetResult();
        await run.WaitAsync(Timeout);

        // The gathered message is visible again at once; the finished batch was deleted.
        Assert.Equal(gathering, (await _harness.DrainAsync("orders")).Select(m => m.MessageId));
    }

    private static Task WaitUntilAsync(Emulators.State.ChangeSignal signal, Func<bool> condition) => Signals.WaitUntilAsync(signal, condition, Timeout);
}
