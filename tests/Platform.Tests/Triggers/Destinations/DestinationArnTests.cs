using Platform.Triggers.Destinations;
using Platform.Triggers.Failures;

namespace Platform.Tests.Triggers.Destinations;

public sealed class DestinationArnTests
{
    [Theory]
    [InlineData("arn:aws:sqs:us-east-1:000000000000:jobs", DestinationKind.Queue, "jobs")]
    [InlineData("arn:aws:sns:us-east-1:000000000000:records", DestinationKind.Topic, "arn:aws:sns:us-east-1:000000000000:records")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:catcher", DestinationKind.Function, "catcher")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:catcher:live", DestinationKind.Function, "catcher:live")]
    [InlineData("arn:aws:events:us-east-1:000000000000:event-bus/default", DestinationKind.EventBus, "default")]
    [InlineData("arn:aws:s3:::uploads", DestinationKind.Bucket, "uploads")]
    public void Each_destination_service_is_recognised_by_its_arn(string arn, DestinationKind kind, string name)
    {
        var parsed = DestinationArn.TryParse(arn);
        Assert.NotNull(parsed);
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(name, parsed.Name);
        Assert.True(DestinationArn.IsWellFormed(arn));
    }

    [Theory]
    [InlineData("arn:aws:dynamodb:us-east-1:000000000000:table/t")]
    [InlineData("arn:aws:events:us-east-1:000000000000:rule/r")]
    [InlineData("arn:aws:s3:::uploads/prefix")]
    [InlineData("arn:aws:sqs:us-east-1:000000000000:")]
    public void Other_services_and_resources_are_no_destination(string arn) => Assert.Null(DestinationArn.TryParse(arn));

    [Theory]
    [InlineData("my-queue")]
    [InlineData("arn:aws:sqs:useast1:000000000000:q")]
    [InlineData("https://sqs.us-east-1.amazonaws.com/000000000000/q")]
    public void Values_outside_lambdas_pattern_are_malformed(string value) => Assert.False(DestinationArn.IsWellFormed(value));

    [Fact]
    public void Platform_yaml_may_still_name_a_queue_by_name_or_url()
    {
        Assert.Equal(new DestinationArn(DestinationKind.Queue, "jobs", "jobs"), DestinationArn.Parse("jobs"));
        Assert.Equal("q", DestinationArn.Parse("http://localhost:4566/000000000000/q").Name);
        Assert.Throws<DestinationException>(() => DestinationArn.Parse("arn:aws:dynamodb:us-east-1:000000000000:table/t"));
    }

    [Fact]
    public void S3_is_an_on_failure_destination_and_functions_and_buses_are_async_only()
    {
        Assert.False(DestinationRules.Accepts("arn:aws:s3:::b", DestinationRules.AsyncOnSuccess));
        Assert.True(DestinationRules.Accepts("arn:aws:s3:::b", DestinationRules.AsyncOnFailure));
        Assert.True(DestinationRules.Accepts("arn:aws:s3:::b", DestinationRules.StreamOnFailure));
        Assert.False(DestinationRules.Accepts("arn:aws:lambda:us-east-1:000000000000:function:f", DestinationRules.StreamOnFailure));
        Assert.False(DestinationRules.Accepts("arn:aws:events:us-east-1:000000000000:event-bus/default", DestinationRules.StreamOnFailure));
        Assert.True(DestinationRules.Accepts("arn:aws:sns:us-east-1:000000000000:t", DestinationRules.StreamOnFailure));
    }

    [Fact]
    public void A_stream_records_s3_key_is_AWSs()
    {
        var record = new DestinationRecord
        {
            RequestId = "r",
            FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:f",
            Condition = "RetryAttemptsExhausted",
            ApproximateInvokeCount = 1,
            Timestamp = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero),
            MappingUuid = "11111111-2222-3333-4444-555555555555",
            Batch = new StreamBatchInfo("KinesisBatchInfo", "shardId-000000000000", "1", "2", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 2, "arn:s"),
        };
        Assert.Matches(
            @"^aws/lambda/11111111-2222-3333-4444-555555555555/shardId-000000000000/2026/03/04/2026-03-04T05\.06\.07-[0-9a-f-]{36}$",
            BucketDestination.Key(record));
    }
}
