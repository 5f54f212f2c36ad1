using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Triggers.Pollers;
using Platform.Triggers.Sources.Async;

namespace Platform.Tests.Triggers.Sources.Async;

public sealed class AsyncInvocationPollerTests : IAsyncLifetime
{
    private const string Event = """{"Records":[{"eventSource":"aws:s3","s3":{"object":{"key":"a.jpg"}}}]}""";
    private static readonly string Queue = AsyncInvocationQueue.QueueName("resize");

    private readonly QueueHarness _harness = new();
    private readonly ScriptedInvocationDispatcher _invoker;

    public AsyncInvocationPollerTests() => _invoker = new ScriptedInvocationDispatcher(_harness.Time);

    public async Task InitializeAsync()
    {
        await _harness.AsyncQueue.EnsureExistsAsync("resize", CancellationToken.None);
        await _harness.Queues.CreateQueueAsync("failures");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static FunctionDefinition Function(int retries = 2, int maxAgeSeconds = 3600, string? destination = "arn:aws:sqs:us-east-1:000000000000:failures",
        TimeSpan[]? delays = null, int concurrency = 10) => new()
    {
        Name = "resize",
        Timeout = TimeSpan.FromSeconds(3),
        Concurrency = concurrency,
        Async = new AsyncInvokeConfig
        {
            MaximumRetryAttempts = retries,
            MaximumEventAgeInSeconds = maxAgeSeconds,
            RetryDelays = delays ?? [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)],
            OnFailureDestination = destination,
        },
    };

    private AsyncInvocationPoller NewPoller(FunctionDefinition definition) => new(definition, _harness.AsyncQueue, _invoker,
        _harness.Time, QueueHarness.Options, NullLogger<AsyncInvocationPoller>.Instance);

    private Task EnqueueAsync(string requestId = "req-1") => _harness.AsyncQueue.EnqueueAsync("resize",
        new AsyncEvent { RequestId = requestId, Payload = Event, Trigger = "s3:uploads", ConfigurationId = "c1" }, CancellationToken.None);

    /// <summary>One receive, then wait until every invocation it started has settled.</summary>
    private static async Task<PollResult> StepAsync(AsyncInvocationPoller poller)
    {
        var result = await poller.PollOnceAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await poller.WhenIdleAsync(timeout.Token);
        return result;
    }

    private async Task<JsonElement> SingleDestinationRecordAsync()
    {
        var message = Assert.Single(await _harness.DrainAsync("failures"));
        return JsonDocument.Parse(message.Body).RootElement;
    }

    private async Task AssertAsyncQueueEmptyAsync()
    {
        // Far past any visibility timeout: a message only hidden would show up again.
        _harness.Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await _harness.DrainAsync(Queue));
    }

    [Fact]
    public void Uses_the_internal_async_queue() => Assert.Equal("platform:async:resize", Queue);

    [Fact]
    public async Task A_success_deletes_the_event()
    {
        await EnqueueAsync();
        var poller = NewPoller(Function());

        Assert.Equal(PollResult.DidWork, await StepAsync(poller));

        var call = Assert.Single(_invoker.All);
        Assert.Equal(("req-1", "resize", Event, "s3:uploads", 1), (call.RequestId, call.FunctionName, call.Payload, call.Trigger, call.Attempt));
        await AssertAsyncQueueEmptyAsync();
        Assert.Empty(await _harness.DrainAsync("failures"));
    }

    [Fact]
    public async Task A_failing_function_is_retried_then_its_destination_record_is_sent()
    {
        _invoker.Outcome = _ => InvocationOutcome.Failed;
        await EnqueueAsync();
        var poller = NewPoller(Function(retries: 2));

        Assert.Equal(PollResult.DidWork, await StepAsync(poller));
        Assert.Equal(PollResult.Idle, await StepAsync(poller));   // hidden for the first retry delay
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PollResult.DidWork, await StepAsync(poller));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PollResult.Idle, await StepAsync(poller));   // the second delay is 2 s
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PollResult.DidWork, await StepAsync(poller));

        Assert.Equal([1, 2, 3], _invoker.All.Select(c => c.Attempt));
        Assert.All(_invoker.All, c => Assert.Equal("req-1", c.RequestId));

        var record = await SingleDestinationRecordAsync();
        var context = record.GetProperty("requestContext");
        Assert.Equal("req-1", context.GetProperty("requestId").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:resize:$LATEST", context.GetProperty("functionArn").GetString());
        Assert.Equal("RetriesExhausted", context.GetProperty("condition").GetString());
        Assert.Equal(3, context.GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("a.jpg", record.GetProperty("requestPayload").GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        Assert.Equal("Unhandled", record.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal("attempt 3 failed", record.GetProperty("responsePayload").GetProperty("errorMessage").GetString());
        await AssertAsyncQueueEmptyAsync();
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public void Fewer_retries_mean_fewer_attempts(int retries, int attempts) =>
        Assert.Equal(attempts, AsyncRetryPolicy.MaximumAttempts(Function(retries).Async));

    [Fact]
    public async Task With_no_retries_one_failure_sends_the_record()
    {
        _invoker.Outcome = _ => InvocationOutcome.TimedOut;
        await EnqueueAsync();

        await StepAsync(NewPoller(Function(retries: 0)));

        Assert.Single(_invoker.All);
        var record = await SingleDestinationRecordAsync();
        Assert.Equal(1, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        await AssertAsyncQueueEmptyAsync();
    }

    [Fact]
    public async Task An_event_older_than_its_maximum_age_is_not_invoked()
    {
        await EnqueueAsync();
        _harness.Time.Advance(TimeSpan.FromSeconds(61));

        await StepAsync(NewPoller(Function(maxAgeSeconds: 60)));

        Assert.Empty(_invoker.All);
        var record = await SingleDestinationRecordAsync();
        Assert.Equal("EventAgeExceeded", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(0, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.False(record.TryGetProperty("responseContext", out _));
        await AssertAsyncQueueEmptyAsync();
    }

    [Fact]
    public async Task An_event_that_ages_out_while_waiting_for_a_retry_is_given_up()
    {
        _invoker.Outcome = _ => InvocationOutcome.Failed;
        await EnqueueAsync();
        var poller = NewPoller(Function(retries: 2, maxAgeSeconds: 60, delays: [TimeSpan.FromSeconds(50)]));

        await StepAsync(poller);                                 // attempt 1 at 0 s
        _harness.Time.Advance(TimeSpan.FromSeconds(50));
        await StepAsync(poller);                                 // attempt 2 at 50 s
        _harness.Time.Advance(TimeSpan.FromSeconds(50));
        await StepAsync(poller);                                 // 100 s: too old for attempt 3

        Assert.Equal([1, 2], _invoker.All.Select(c => c.Attempt));
        var record = await SingleDestinationRecordAsync();
        Assert.Equal("EventAgeExceeded", record.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(2, record.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("attempt 2 failed", record.GetProperty("responsePayload").GetProperty("errorMessage").GetString());
        await AssertAsyncQueueEmptyAsync();
    }

    [Fact]
    public async Task Without_a_destination_an_exhausted_event_is_discarded()
    {
        _invoker.Outcome = _ => InvocationOutcome.Failed;
        await EnqueueAsync();

        await StepAsync(NewPoller(Function(retries: 0, destination: null)));

        Assert.Single(_invoker.All);
        Assert.Empty(await _harness.DrainAsync("failures"));
        await AssertAsyncQueueEmptyAsync();
    }

    [Fact]
    public async Task Runs_up_to_the_functions_concurrency_at_once()
    {
        _invoker.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await EnqueueAsync("a");
        await EnqueueAsync("b");
        await EnqueueAsync("c");
        var poller = NewPoller(Function(concurrency: 2));

        Assert.Equal(PollResult.DidWork, await poller.PollOnceAsync(CancellationToken.None));
        await _invoker.NextCallAsync();
        await _invoker.NextCallAsync();
        Assert.Equal(2, poller.InFlight);

        var third = poller.PollOnceAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);   // no free slot: it does not even receive

        _invoker.Hold.SetResult();
        Assert.Equal(PollResult.DidWork, await third.WaitAsync(TimeSpan.FromSeconds(10)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await poller.WhenIdleAsync(timeout.Token);
        Assert.Equal(["a", "b", "c"], _invoker.All.Select(c => c.RequestId).Order());
        await AssertAsyncQueueEmptyAsync();
    }

    [Fact]
    public async Task An_aborted_invocation_leaves_its_event_to_reappear()
    {
        _invoker.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await EnqueueAsync();
        var first = NewPoller(Function());
        await first.PollOnceAsync(CancellationToken.None);
        await _invoker.NextCallAsync();

        first.Abort();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await first.WhenIdleAsync(timeout.Token);

        // Hidden while the invocation could still be running: a cold start's init limit (10 s) +
        // timeout 3 s + margins 1 s + 1 s.
        _invoker.Hold = null;
        var second = NewPoller(Function());
        Assert.Equal(PollResult.Idle, await StepAsync(second));
        _harness.Time.Advance(Platform.Contracts.Functions.FunctionDefinition.InitLimit + TimeSpan.FromSeconds(5));
        Assert.Equal(PollResult.DidWork, await StepAsync(second));

        Assert.Equal([1, 2], _invoker.All.Select(c => c.Attempt));
        Assert.All(_invoker.All, c => Assert.Equal("req-1", c.RequestId));
        await AssertAsyncQueueEmptyAsync();
    }
}
