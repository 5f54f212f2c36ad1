using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Functions;
using Platform.Functions.Events;

namespace Platform.Tests.Runtime;

/// <summary>The SDK's events read and write the exact JSON of AWS's documentation samples.</summary>
public sealed class EventJsonTests
{
    // docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
    private const string S3Sample = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-west-2",
          "eventTime":"1970-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
          "userIdentity":{"principalId":"AIDAJDPLRKLG7UEXAMPLE"},
          "requestParameters":{"sourceIPAddress":"127.0.0.1"},
          "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
          "s3":{"s3SchemaVersion":"1.0","configurationId":"testConfigRule",
            "bucket":{"name":"mybucket","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::mybucket"},
            "object":{"key":"happy+face%2B1.jpg","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e",
              "versionId":"096fKKXTRTtl3on89fVO.nfljtsv6qko","sequencer":"0055AED6DCD90281E5"}}}]}
        """;

    // docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    private const string SqsSample = """
        {"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
          "body":"Test message.",
          "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1545082649183","SenderId":"AIDAIENQZJOLO23YVJ4VO","ApproximateFirstReceiveTimestamp":"1545082649185"},
          "messageAttributes":{"myAttribute":{"stringValue":"myValue","stringListValues":[],"binaryListValues":[],"dataType":"String"},
                               "blob":{"binaryValue":"AQID","stringListValues":[],"binaryListValues":[],"dataType":"Binary"}},
          "md5OfBody":"e4e68fb7bd0e697a0ae8f1bb342846b3","eventSource":"aws:sqs",
          "eventSourceARN":"arn:aws:sqs:us-east-2:123456789012:my-queue","awsRegion":"us-east-2"}]}
        """;

    // docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
    private const string KinesisSample = """
        {"Records":[{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"1",
            "sequenceNumber":"49590338271490256608559692538361571095921575989136588898",
            "data":"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==","approximateArrivalTimestamp":1545084650.987},
          "eventSource":"aws:kinesis","eventVersion":"1.0",
          "eventID":"shardId-000000000006:49590338271490256608559692538361571095921575989136588898",
          "eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::123456789012:role/lambda-role",
          "awsRegion":"us-east-2","eventSourceARN":"arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"}]}
        """;

    [Fact]
    public void S3_event_round_trips_with_aws_names()
    {
        var s3 = FunctionJson.Deserialize<S3Event>(S3Sample)!;

        var record = Assert.Single(s3.Records);
        Assert.Equal(DateTimeOffset.UnixEpoch, record.EventTime);
        Assert.Equal("C3D13FE58DE4C810", record.ResponseElements?.XAmzRequestId);
        Assert.Equal("mybucket", record.S3.Bucket.Name);
        Assert.Equal(1024, record.S3.Object.Size);
        Assert.Equal("happy face+1.jpg", record.S3.Object.DecodedKey);
        AssertSameJson(S3Sample, FunctionJson.Serialize(s3));
    }

    [Fact]
    public void S3_event_time_keeps_milliseconds()
    {
        var record = new S3EventRecord { EventTime = new DateTimeOffset(2024, 5, 1, 14, 0, 0, 123, TimeSpan.FromHours(2)) };

        var json = FunctionJson.Serialize(record);

        Assert.Contains("\"eventTime\":\"2024-05-01T12:00:00.123Z\"", json);
        Assert.Equal(record.EventTime, FunctionJson.Deserialize<S3EventRecord>(json)!.EventTime);
    }

    [Theory]
    [InlineData("red flower.jpg", "red+flower.jpg")]
    [InlineData("a+b/c=d.txt", "a%2Bb/c%3Dd.txt")]
    [InlineData("ünïcode.txt", "%C3%BCn%C3%AFcode.txt")]
    public void S3_keys_are_form_url_encoded(string key, string encoded)
    {
        Assert.Equal(encoded, S3ObjectKey.Encode(key));
        Assert.Equal(key, S3ObjectKey.Decode(encoded));
    }

    [Fact]
    public void Sqs_event_round_trips_with_aws_names()
    {
        var sqs = FunctionJson.Deserialize<SqsEvent>(SqsSample)!;

        var message = Assert.Single(sqs.Records);
        Assert.Equal("Test message.", message.Body);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.Equal("myValue", message.MessageAttributes["myAttribute"].StringValue);
        Assert.Equal("arn:aws:sqs:us-east-2:123456789012:my-queue", message.EventSourceArn);
        AssertSameJson(SqsSample, FunctionJson.Serialize(sqs));
    }

    [Fact]
    public void Kinesis_event_round_trips_with_aws_names()
    {
        var kinesis = FunctionJson.Deserialize<KinesisEvent>(KinesisSample)!;

        var record = Assert.Single(kinesis.Records);
        Assert.Equal("Hello, this is a test.", record.Kinesis.DecodeDataAsString());
        Assert.Equal(new DateTimeOffset(2018, 12, 17, 22, 10, 50, 987, TimeSpan.Zero), record.Kinesis.ApproximateArrivalTime);
        Assert.StartsWith("shardId-000000000006:", record.EventId);
        AssertSameJson(KinesisSample, FunctionJson.Serialize(kinesis));
    }

    [Fact]
    public void Batch_item_failures_use_aws_names()
    {
        var json = FunctionJson.Serialize(BatchItemFailuresResponse.For(["id-1", "id-2"]));

        AssertSameJson("""{"batchItemFailures":[{"itemIdentifier":"id-1"},{"itemIdentifier":"id-2"}]}""", json);
        AssertSameJson("""{"batchItemFailures":[]}""", FunctionJson.Serialize(BatchItemFailuresResponse.Success));
    }

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)),
            $"expected {JsonNode.Parse(expected)!.ToJsonString()}\nactual   {actual}");
}
