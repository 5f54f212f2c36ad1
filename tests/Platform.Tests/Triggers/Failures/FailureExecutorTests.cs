using System.Globalization;
using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers;
using Platform.Triggers.Failures;
using Platform.Triggers.Sources.Async;
using Platform.Triggers.Sources.Kinesis;
using Platform.Triggers.Sources.Sqs;

namespace Platform.Tests.Triggers.Failures;

/// <summary>
/// The one failure vocabulary: every source's policy returns a <see cref="FailureOutcome"/> and the
/// one <see cref="FailureExecutor"/> carries it out, over the real queue engine — the SQS
/// batchItemFailures table, Kinesis bisect / retry / record age, async retries and event age.
/// </summary>
public sealed class FailureExecutorTests : IAsyncLifetime
{
    private const string Destination = "failures";
    private const string DestinationArn = "arn:aws:sqs:us-east-1:000000000000:" + Destination;

    private readonly QueueHarness _harness = new();
    private FailureExecutor _executor = null!;

    public async Task InitializeAsync()
    {
        await _harness.Queues.CreateQueueAsync(Destination);
        _executor = new FailureExecutor(_harness.Queues);
    }

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    // ---- SQS: which messages of a batch stay on the queue, row by row ----

    [Theory]
    [InlineData(InvocationOutcome.Succeeded, true, null, "")]
    [InlineData(InvocationOutcome.Succeeded, true, """{"batchItemFailures":[]}""", "")]
    [InlineData(InvocationOutcome.Succeeded, true, """{"batchItemFailures":[{"itemIdentifier":"#2"}]}""", "2")]
    [InlineData(InvocationOutcome.Succeeded, true, """{"batchItemFailures":[{"itemIdentifier":"#3"},{"itemIdentifier":"#1"}]}""", "1,3")]
    [InlineData(InvocationOutcome.Succeeded, true, """{"batchItemFailures":[{"itemIdentifier":"unknown"}]}""", "1,2,3")]
    [InlineData(InvocationOutcome.Succeeded, true, """{"batchItemFailures":[{"itemIdentifier":""}]}""", "1,2,3")]
    [InlineData(InvocationOutcome.Succeeded, true, "not json", "1,2,3")]
    [InlineData(InvocationOutcome.Succeeded, false, """{"batchItemFailures":[{"itemIdentifier":"#2"}]}""", "")]
    [InlineData(InvocationOutcome.Failed, true, """{"batchItemFailures":[]}""", "1,2,3")]
    [InlineData(InvocationOutcome.TimedOut, false, null, "1,2,3")]
    public async Task Sqs_failed_messages_stay_on_the_queue_and_the_rest_are_deleted(
        InvocationOutcome outcome, bool report, string? response, string kept)
    {
        await _harness.Queues.CreateQueueAsync("orders");
        foreach (var body in new[] { "1", "2", "3" })
            await _harness.Queues.SendMessageAsync("orders", new OutgoingMessage { Body = body });
        var received = await _harness.Queues.ReceiveMessagesAsync("orders", new ReceiveRequest { MaxNumberOfMessages = 10 });
        var records = received.OrderBy(m => m.Body, StringComparer.Ordinal)
            .Select(m => SqsEventBuilder.Record(m, "arn:aws:sqs:us-east-1:000000000000:orders", "us-east-1")).ToArray();
        // "#n" in a response names the message whose body is n.
        for (var i = 0; i < records.Length; i++)
            response = response?.Replace("#" + records[i].Message.Body, records[i].MessageId, StringComparison.Ordinal);

        var verdict = BatchResponseEvaluator.Evaluate(InvocationResults.Of(outcome, response), report, records, fifo: false);
        var stale = await BatchSettlement.SettleAsync(_executor, _harness.Queues, "orders", records, verdict, CancellationToken.None);

        Assert.Equal(0, stale);
        // Nothing was made visible early: the kept ones come back after the visibility timeout.
        Assert.Empty(await _harness.DrainAsync("orders"));
        _harness.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(kept, string.Join(',', (await _harness.DrainAsync("orders")).Select(m => m.Body).Order(StringComparer.Ordinal)));
        Assert.Empty(await _harness.DrainAsync(Destination));
    }

    [Fact]
    public void Sqs_messages_the_filters_drop_are_skipped_and_failed_ones_wait_for_the_visibility_timeout()
    {
        Assert.Equal(new FailureOutcome.CheckpointAndSkip(), SqsFailurePolicy.ForFilteredOut());
        Assert.Equal(new FailureOutcome.RetryAfter(null), SqsFailurePolicy.ForFailed());
    }

    // ---- Kinesis: bisect, retry, give up by retries or record age ----

    private static readonly StreamRetrySettings Stream = new(MaximumRetryAttempts: 2, MaximumRecordAge: TimeSpan.FromMinutes(1),
        BisectOnFunctionError: true, OnFailureDestination: DestinationArn);

    [Theory]
    // retries spent, records, function error, settings variant → what the executor did
    [InlineData(0, 4, true, "bisect", "bisect")]
    [InlineData(0, 1, true, "bisect", "retry-now")]
    [InlineData(0, 4, false, "bisect", "retry-now")]
    [InlineData(1, 1, true, "bisect", "retry-now")]
    [InlineData(2, 1, true, "bisect", "destination:RetryAttemptsExhausted,acknowledge")]
    [InlineData(2, 4, true, "no-bisect", "destination:RetryAttemptsExhausted,acknowledge")]
    [InlineData(2, 1, true, "no-destination", "acknowledge")]
    [InlineData(100, 1, true, "forever", "retry-now")]
    public async Task Kinesis_failed_batches_bisect_retry_and_give_up(int retriesSpent, int records, bool functionError, string variant, string expected)
    {
        var settings = variant switch
        {
            "no-bisect" => Stream with { BisectOnFunctionError = false },
            "no-destination" => Stream with { OnFailureDestination = null },
            "forever" => Stream with { MaximumRetryAttempts = -1 },
            _ => Stream,
        };
        var target = new RecordingTarget(_harness, "RetryAttemptsExhausted");

        await _executor.ApplyAsync(StreamRetryPolicy.AfterFailure(settings, retriesSpent, records, functionError), target, CancellationToken.None);

        Assert.Equal(expected, string.Join(',', target.Calls));
        await AssertDestinationRecordsAsync(expected.Contains("destination", StringComparison.Ordinal) ? 1 : 0);
    }

    [Theory]
    [InlineData(true, "destination:RecordAgeExceeded,acknowledge")]
    [InlineData(false, "acknowledge")]
    public async Task Kinesis_records_older_than_the_maximum_age_are_given_up_before_an_invocation(bool destination, string expected)
    {
        var settings = destination ? Stream : Stream with { OnFailureDestination = null };
        var now = DateTimeOffset.Parse("2026-11-22T05:30:00Z", CultureInfo.InvariantCulture);
        StreamRecord[] records = [Record("1", now.AddSeconds(-90)), Record("2", now.AddSeconds(-61)), Record("3", now.AddSeconds(-10))];
        Assert.Equal(2, StreamRetryPolicy.ExpiredCount(settings, records, now));

        var target = new RecordingTarget(_harness, "RecordAgeExceeded");
        await _executor.ApplyAsync(StreamRetryPolicy.Expired(settings), target, CancellationToken.None);

        Assert.Equal(expected, string.Join(',', target.Calls));
        await AssertDestinationRecordsAsync(destination ? 1 : 0);
    }

    // ---- Async: retries with their delays, then the destination or nothing; event age ----

    private static AsyncInvokeConfig Async(int retries, string? destination = Destination) => new()
    {
        MaximumRetryAttempts = retries,
        MaximumEventAgeInSeconds = 60,
        RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)],
        OnFailureDestination = destination,
    };

    [Theory]
    // retries, failed attempt, age in s, destination → what the executor did
    [InlineData(2, 1, 5, true, "retry-after:1")]
    [InlineData(2, 2, 5, true, "retry-after:2")]
    [InlineData(2, 3, 5, true, "destination:RetriesExhausted,acknowledge")]
    [InlineData(0, 1, 5, true, "destination:RetriesExhausted,acknowledge")]
    [InlineData(1, 1, 61, true, "destination:EventAgeExceeded,acknowledge")]
    [InlineData(1, 1, 61, false, "acknowledge")]
    [InlineData(2, 3, 5, false, "acknowledge")]
    public async Task Async_failures_retry_after_their_delay_then_give_up(int retries, int attempt, int ageSeconds, bool destination, string expected)
    {
        var config = Async(retries, destination ? Destination : null);
        var outcome = AsyncRetryPolicy.AfterFailure(config, attempt, TimeSpan.FromSeconds(ageSeconds));
        var target = new RecordingTarget(_harness, outcome is FailureOutcome.SendToDestination s ? s.Condition : "");

        await _executor.ApplyAsync(outcome, target, CancellationToken.None);

        Assert.Equal(expected, string.Join(',', target.Calls));
        await AssertDestinationRecordsAsync(expected.Contains("destination", StringComparison.Ordinal) ? 1 : 0);
    }

    [Theory]
    [InlineData(1, 61, "destination:EventAgeExceeded,acknowledge")]
    [InlineData(4, 5, "destination:RetriesExhausted,acknowledge")]
    public async Task Async_events_too_old_or_past_their_attempts_are_given_up_without_an_invocation(int attempt, int ageSeconds, string expected)
    {
        var outcome = AsyncRetryPolicy.BeforeInvoke(Async(2), attempt, TimeSpan.FromSeconds(ageSeconds));
        Assert.NotNull(outcome);
        var target = new RecordingTarget(_harness, ((FailureOutcome.SendToDestination)outcome).Condition);

        await _executor.ApplyAsync(outcome, target, CancellationToken.None);

        Assert.Equal(expected, string.Join(',', target.Calls));
        Assert.Null(AsyncRetryPolicy.BeforeInvoke(Async(2), 3, TimeSpan.FromSeconds(5)));
    }

    private async Task AssertDestinationRecordsAsync(int count)
    {
        var records = await _harness.DrainAsync(Destination);
        Assert.Equal(count, records.Count);
        foreach (var record in records)
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(record.Body).RootElement.GetProperty("requestContext").ValueKind);
    }

    private static StreamRecord Record(string sequenceNumber, DateTimeOffset arrival) => new()
    {
        SequenceNumber = sequenceNumber,
        PartitionKey = "pk",
        Data = [1],
        ApproximateArrivalTimestamp = arrival,
    };

    /// <summary>A source's side of settling, as a log of what it was told; acknowledging checks
    /// that a destination record (when there is one) is already durable.</summary>
    private sealed class RecordingTarget(QueueHarness harness, string expectedCondition) : IFailureTarget
    {
        private string? _recordCondition;

        public List<string> Calls { get; } = [];

        public async Task AcknowledgeAsync(CancellationToken cancellationToken)
        {
            if (_recordCondition is not null)
                Assert.Equal("1", harness.Queues.GetQueueAttributes(Destination, ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"]);
            Calls.Add("acknowledge");
            await Task.Yield();
        }

        public DestinationRecord DestinationRecord(string condition)
        {
            Assert.Equal(expectedCondition, condition);
            _recordCondition = condition;
            Calls.Add("destination:" + condition);
            return new DestinationRecord
            {
                RequestId = "r",
                FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:f",
                Condition = condition,
                ApproximateInvokeCount = 1,
                Timestamp = harness.Time.GetUtcNow(),
                RequestPayload = "{}",
            };
        }

        public Task RetryAfterAsync(TimeSpan? delay, CancellationToken cancellationToken)
        {
            Calls.Add("retry-after:" + delay!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        }

        public Task RetryNowAsync(CancellationToken cancellationToken)
        {
            Calls.Add("retry-now");
            return Task.CompletedTask;
        }

        public Task BisectAsync(CancellationToken cancellationToken)
        {
            Calls.Add("bisect");
            return Task.CompletedTask;
        }
    }
}
