using Platform.Contracts.Dispatch;
using Platform.Triggers.Sources.Sqs;

namespace Platform.Tests.Triggers.Sources.Sqs;

/// <summary>Lambda's table for SQS batch responses (services-sqs-errorhandling), row by row.</summary>
public sealed class BatchResponseEvaluatorTests
{
    private static readonly SqsRecord[] Batch = [SqsRecords.Of("m1"), SqsRecords.Of("m2"), SqsRecords.Of("m3")];

    private static FunctionInvoked Result(InvocationOutcome outcome, string? response) => InvocationResults.Of(outcome, response);

    private static IReadOnlyCollection<string> Failed(string? response, bool report = true, InvocationOutcome outcome = InvocationOutcome.Succeeded,
        IReadOnlyList<SqsRecord>? batch = null, bool fifo = false) =>
        BatchResponseEvaluator.Evaluate(Result(outcome, response), report, batch ?? Batch, fifo).Failed.Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"batchItemFailures":[]}""")]
    [InlineData("""{"batchItemFailures":null}""")]
    [InlineData("""{"somethingElse":1}""")]
    public void Full_success(string? response) => Assert.Empty(Failed(response));

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"batchItemFailures":[""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":""}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":null}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"unknown-id"}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifer":"m1"}]}""")]
    [InlineData("""{"batchItemFailures":[{"ItemIdentifier":"m1"}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"m1"},{"itemIdentifier":"nope"}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":7}]}""")]
    [InlineData("""{"batchItemFailures":["m1"]}""")]
    [InlineData("""{"batchItemFailures":"m1"}""")]
    [InlineData("\"ok\"")]
    [InlineData("[]")]
    public void The_whole_batch_fails(string response) => Assert.Equal(["m1", "m2", "m3"], Failed(response));

    [Fact]
    public void Reported_items_fail_the_rest_succeed() =>
        Assert.Equal(["m1", "m3"], Failed("""{"batchItemFailures":[{"itemIdentifier":"m3"},{"itemIdentifier":"m1"},{"itemIdentifier":"m1"}]}"""));

    [Theory]
    [InlineData(InvocationOutcome.Failed)]
    [InlineData(InvocationOutcome.TimedOut)]
    public void A_failed_or_timed_out_invocation_fails_the_whole_batch_whatever_it_answered(InvocationOutcome outcome)
    {
        Assert.Equal(["m1", "m2", "m3"], Failed("""{"batchItemFailures":[]}""", outcome: outcome));
        Assert.Equal(["m1", "m2", "m3"], Failed(null, report: false, outcome: outcome));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"m1"}]}""")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"unknown-id"}]}""")]
    public void Without_the_opt_in_the_response_is_ignored(string response) => Assert.Empty(Failed(response, report: false));

    [Fact]
    public void Fifo_a_failure_fails_every_later_message_of_its_group_only()
    {
        SqsRecord[] batch =
        [
            SqsRecords.Of("a1", group: "A"), SqsRecords.Of("b1", group: "B"), SqsRecords.Of("a2", group: "A"),
            SqsRecords.Of("b2", group: "B"), SqsRecords.Of("a3", group: "A"),
        ];

        Assert.Equal(["a2", "a3"], Failed("""{"batchItemFailures":[{"itemIdentifier":"a2"}]}""", batch: batch, fifo: true));
        // Standard queues have no order to keep: only what was reported.
        Assert.Equal(["a2"], Failed("""{"batchItemFailures":[{"itemIdentifier":"a2"}]}""", batch: batch, fifo: false));
    }
}
