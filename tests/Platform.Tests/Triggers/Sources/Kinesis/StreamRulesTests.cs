using System.Text;
using System.Text.Json;
using Platform.Contracts.Dispatch;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Failures;
using Platform.Triggers.Sources.Kinesis;

namespace Platform.Tests.Triggers.Sources.Kinesis;

/// <summary>The pure rules of the Kinesis mapping: event and failure-record shapes, the partial
/// batch response table, retry decisions, the checkpoint rule and batch cutting.</summary>
public sealed class StreamRulesTests
{
    private const string StreamArn = "arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream";
    private static readonly DateTimeOffset Arrival = DateTimeOffset.FromUnixTimeMilliseconds(1545084650987);

    private static StreamRecord Record(string sequence, string data = "Hello, this is a test.", string key = "1", DateTimeOffset? arrival = null) => new()
    {
        SequenceNumber = sequence,
        PartitionKey = key,
        Data = Encoding.UTF8.GetBytes(data),
        ApproximateArrivalTimestamp = arrival ?? Arrival,
    };

    private static FunctionInvoked Outcome(InvocationOutcome outcome, string? response = null) => InvocationResults.Of(outcome, response, Arrival);

    [Fact]
    public void The_event_is_the_one_Lambda_sends()
    {
        var source = new KinesisEventSource(StreamArn, "us-east-2", "arn:aws:iam::123456789012:role/lambda-role");
        var json = Encoding.UTF8.GetString(KinesisEventBuilder.Build([Record("49590338271490256608559692538361571095921575989136588898")], source, "shardId-000000000006"));

        Assert.Equal("""
            {"Records":[{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"1","sequenceNumber":"49590338271490256608559692538361571095921575989136588898","data":"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==","approximateArrivalTimestamp":1545084650.987},"eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"shardId-000000000006:49590338271490256608559692538361571095921575989136588898","eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::123456789012:role/lambda-role","awsRegion":"us-east-2","eventSourceARN":"arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"}]}
            """, json);
        // The function SDK reads it back.
        var parsed = JsonSerializer.Deserialize<Platform.Functions.Events.KinesisEvent>(json)!;
        Assert.Equal("Hello, this is a test.", parsed.Records[0].Kinesis.DecodeDataAsString());
        Assert.Equal(Arrival, parsed.Records[0].Kinesis.ApproximateArrivalTime);
    }

    [Fact]
    public void The_failure_record_is_the_one_Lambda_sends()
    {
        StreamRecord[] records = [Record("4960118965842235937883629852182763847532018901230970472", arrival: DateTimeOffset.FromUnixTimeMilliseconds(1573690399569)),
            Record("4960118965842235937883629852290237352895759434862349518", arrival: DateTimeOffset.FromUnixTimeMilliseconds(1573690399624))];
        var json = DestinationRecordBuilder.Build(new DestinationRecord
        {
            RequestId = "c9b8fa9f-5a7f-xmpl-af9c-0c604cde93a5",
            FunctionArn = "arn:aws:lambda:us-east-2:123456789012:function:myfunction",
            Condition = StreamDestinationConditions.RetryAttemptsExhausted,
            ApproximateInvokeCount = 1,
            Timestamp = DateTimeOffset.Parse("2019-11-14T00:13:49.717Z", System.Globalization.CultureInfo.InvariantCulture),
            Batch = new StreamBatchInfo("KinesisBatchInfo", "shardId-000000000001", records[0].SequenceNumber, records[^1].SequenceNumber,
                records[0].ApproximateArrivalTimestamp, records[^1].ApproximateArrivalTimestamp, records.Length,
                "arn:aws:kinesis:us-east-2:123456789012:stream/mystream"),
            LastFailure = Outcome(InvocationOutcome.Failed),
        });

        Assert.Equal("""
            {"requestContext":{"requestId":"c9b8fa9f-5a7f-xmpl-af9c-0c604cde93a5","functionArn":"arn:aws:lambda:us-east-2:123456789012:function:myfunction","condition":"RetryAttemptsExhausted","approximateInvokeCount":1},"responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},"version":"1.0","timestamp":"2019-11-14T00:13:49.717Z","KinesisBatchInfo":{"shardId":"shardId-000000000001","startSequenceNumber":"4960118965842235937883629852182763847532018901230970472","endSequenceNumber":"4960118965842235937883629852290237352895759434862349518","approximateArrivalOfFirstRecord":"2019-11-14T00:13:19.569Z","approximateArrivalOfLastRecord":"2019-11-14T00:13:19.624Z","batchSize":2,"streamArn":"arn:aws:kinesis:us-east-2:123456789012:stream/mystream"}}
            """, json);
    }

    private static readonly StreamRecord[] Batch = [Record("11"), Record("12"), Record("13")];

    [Theory]
    [InlineData(null, "success")]
    [InlineData("null", "success")]
    [InlineData("{}", "success")]
    [InlineData("""{"batchItemFailures":null}""", "success")]
    [InlineData("""{"batchItemFailures":[]}""", "success")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"13"},{"itemIdentifier":"12"}]}""", "partial:1")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"11"}]}""", "partial:0")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":""}]}""", "failed")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":null}]}""", "failed")]
    [InlineData("""{"batchItemFailures":[{"itemId":"12"}]}""", "failed")]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"99"}]}""", "failed")]
    [InlineData("""{"batchItemFailures":"12"}""", "failed")]
    [InlineData("""not json""", "failed")]
    [InlineData("\"ok\"", "failed")]
    public void Reads_a_partial_batch_response_by_AWSs_table(string? response, string expected)
    {
        var result = BatchItemFailuresReader.Read(Outcome(InvocationOutcome.Succeeded, response), Batch, reportsBatchItemFailures: true);

        Assert.Equal(expected, result switch
        {
            BatchResult.Succeeded => "success",
            BatchResult.PartiallyFailed p => $"partial:{p.FirstFailedIndex}",
            BatchResult.Failed { FunctionError: false } => "failed",
            _ => "unexpected",
        });
    }

    [Fact]
    public void Without_the_opt_in_the_response_is_ignored_and_errors_are_function_errors()
    {
        Assert.IsType<BatchResult.Succeeded>(BatchItemFailuresReader.Read(Outcome(InvocationOutcome.Succeeded, "not json"), Batch, false));
        Assert.True(Assert.IsType<BatchResult.Failed>(BatchItemFailuresReader.Read(Outcome(InvocationOutcome.Failed), Batch, true)).FunctionError);
        Assert.True(Assert.IsType<BatchResult.Failed>(BatchItemFailuresReader.Read(Outcome(InvocationOutcome.TimedOut), Batch, false)).FunctionError);
    }

    [Fact]
    public void Retry_decisions_bisect_first_then_count_retries()
    {
        var settings = new StreamRetrySettings(2, null, BisectOnFunctionError: true, "arn:aws:sqs:us-east-1:000000000000:f");

        Assert.IsType<FailureOutcome.Bisect>(StreamRetryPolicy.AfterFailure(settings, 5, 2, functionError: true));
        Assert.IsType<FailureOutcome.RetryNow>(StreamRetryPolicy.AfterFailure(settings, 0, 1, functionError: true));
        Assert.IsType<FailureOutcome.RetryNow>(StreamRetryPolicy.AfterFailure(settings, 1, 1, functionError: true));
        var giveUp = Assert.IsType<FailureOutcome.SendToDestination>(StreamRetryPolicy.AfterFailure(settings, 2, 1, functionError: true));
        Assert.Equal("RetryAttemptsExhausted", giveUp.Condition);
        Assert.Equal(settings.OnFailureDestination, giveUp.Destination);
        // A partial failure retries the rest without bisecting.
        Assert.IsType<FailureOutcome.RetryNow>(StreamRetryPolicy.AfterFailure(settings, 0, 3, functionError: false));
        // -1 retries forever.
        Assert.IsType<FailureOutcome.RetryNow>(StreamRetryPolicy.AfterFailure(settings with { MaximumRetryAttempts = -1 }, 100_000, 1, true));
        Assert.Equal(StreamDestinationConditions.RetryAttemptsExhausted,
            Assert.IsType<FailureOutcome.Discard>(StreamRetryPolicy.AfterFailure(settings with { OnFailureDestination = null }, 2, 1, false)).Condition);
    }

    [Fact]
    public void Record_age_expires_a_prefix_and_retries_are_immediate_then_spaced_out()
    {
        var settings = new StreamRetrySettings(-1, TimeSpan.FromSeconds(60), false, null);
        StreamRecord[] records = [Record("1", arrival: Arrival), Record("2", arrival: Arrival.AddSeconds(30)), Record("3", arrival: Arrival.AddSeconds(90))];

        Assert.Equal(0, StreamRetryPolicy.ExpiredCount(settings, records, Arrival.AddSeconds(60)));
        Assert.Equal(2, StreamRetryPolicy.ExpiredCount(settings, records, Arrival.AddSeconds(91)));
        Assert.Equal(0, StreamRetryPolicy.ExpiredCount(settings with { MaximumRecordAge = null }, records, Arrival.AddDays(7)));
        Assert.Equal(TimeSpan.Zero, StreamRetryPolicy.RetryDelay(StreamRetryPolicy.ImmediateRetries));
        Assert.Equal(TimeSpan.FromMilliseconds(10), StreamRetryPolicy.RetryDelay(StreamRetryPolicy.ImmediateRetries + 1));
        Assert.Equal(TimeSpan.FromSeconds(1), StreamRetryPolicy.RetryDelay(1000));
    }

    [Fact]
    public void The_checkpoint_moves_only_past_a_finished_prefix()
    {
        var tracker = new CheckpointTracker("10");
        foreach (var sequence in new[] { "11", "12", "13", "14" })
            tracker.Add(sequence);

        Assert.False(tracker.Complete(["12", "14"]));
        Assert.Equal("10", tracker.Position);
        Assert.True(tracker.Complete(["11"]));
        Assert.Equal("12", tracker.Position);
        Assert.True(tracker.Complete(["13"]));
        Assert.Equal("14", tracker.Position);
        Assert.Equal(0, tracker.Outstanding);
    }

    [Fact]
    public void Batches_are_cut_at_BatchSize_and_at_6_MB()
    {
        var small = Enumerable.Range(0, 20).Select(i => Record($"{100 + i}")).ToArray();
        Assert.Equal(7, BatchAssembler.Take(small, 7));
        Assert.Equal(20, BatchAssembler.Take(small, 100));

        var big = Enumerable.Range(0, 10).Select(i => Record($"{100 + i}", new string('x', 1024 * 1024))).ToArray();
        var count = BatchAssembler.Take(big, 100);
        Assert.Equal(4, count);
        var payload = KinesisEventBuilder.Build(big[..count], new KinesisEventSource(StreamArn, "us-east-2", "role"), "shardId-000000000000");
        Assert.True(payload.Length <= KinesisEventBuilder.MaxPayloadBytes);
        Assert.True(KinesisEventBuilder.Build(big[..(count + 1)], new KinesisEventSource(StreamArn, "us-east-2", "role"), "shardId-000000000000").Length > KinesisEventBuilder.MaxPayloadBytes);
    }

    [Fact]
    public void Lanes_are_chosen_by_partition_key()
    {
        Assert.Equal(0, LaneAssignment.LaneOf("anything", 1));
        var lanes = Enumerable.Range(0, 200).Select(i => LaneAssignment.LaneOf($"key-{i}", 4)).ToArray();
        Assert.Equal([0, 1, 2, 3], lanes.Distinct().Order());
        Assert.Equal(LaneAssignment.LaneOf("key-7", 4), LaneAssignment.LaneOf("key-7", 4));
    }
}
