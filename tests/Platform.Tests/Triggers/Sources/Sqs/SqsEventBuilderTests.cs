using System.Text.Json;
using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Sources.Sqs;

namespace Platform.Tests.Triggers.Sources.Sqs;

public sealed class SqsEventBuilderTests
{
    [Fact]
    public void A_standard_record_has_the_fields_and_order_of_AWSs_example()
    {
        var json = SqsEventBuilder.Build([SqsRecords.Of("059f36b4-87a3-44ab-83d2-661975830a7d", "Test message.")]);
        var record = JsonDocument.Parse(json).RootElement.GetProperty("Records")[0];

        Assert.Equal(["messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody", "eventSource", "eventSourceARN", "awsRegion"],
            record.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"],
            record.GetProperty("attributes").EnumerateObject().Select(p => p.Name));
        Assert.All(record.GetProperty("attributes").EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal("1545082649183", record.GetProperty("attributes").GetProperty("SentTimestamp").GetString());
        Assert.Equal("Test message.", record.GetProperty("body").GetString());
        Assert.Equal("aws:sqs", record.GetProperty("eventSource").GetString());
        Assert.Equal(SqsRecords.QueueArn, record.GetProperty("eventSourceARN").GetString());
        Assert.Equal("us-east-1", record.GetProperty("awsRegion").GetString());
    }

    [Fact]
    public void Fifo_attributes_and_message_attributes()
    {
        var message = new ReceivedMessage
        {
            MessageId = "m",
            ReceiptHandle = "h",
            Body = "b",
            MD5OfBody = "x",
            MD5OfMessageAttributes = "y",
            SentTimestamp = DateTimeOffset.UnixEpoch,
            ApproximateFirstReceiveTimestamp = DateTimeOffset.UnixEpoch,
            ApproximateReceiveCount = 2,
            MessageGroupId = "g1",
            MessageDeduplicationId = "d1",
            SequenceNumber = "18849496460467696128",
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                ["kind"] = new() { DataType = "String", StringValue = "order" },
                ["blob"] = new() { DataType = "Binary", BinaryValue = [1, 2, 3] },
            },
        };

        var record = JsonDocument.Parse(SqsEventBuilder.Build([SqsEventBuilder.Record(message, "arn:aws:sqs:eu-west-1:1:q.fifo", "eu-west-1")]))
            .RootElement.GetProperty("Records")[0];

        Assert.Equal(["ApproximateReceiveCount", "SentTimestamp", "SequenceNumber", "MessageGroupId", "SenderId", "MessageDeduplicationId", "ApproximateFirstReceiveTimestamp"],
            record.GetProperty("attributes").EnumerateObject().Select(p => p.Name));
        Assert.Equal("2", record.GetProperty("attributes").GetProperty("ApproximateReceiveCount").GetString());
        var kind = record.GetProperty("messageAttributes").GetProperty("kind");
        Assert.Equal("""{"stringValue":"order","stringListValues":[],"binaryListValues":[],"dataType":"String"}""", kind.GetRawText());
        Assert.Equal("AQID", record.GetProperty("messageAttributes").GetProperty("blob").GetProperty("binaryValue").GetString());
        Assert.Equal("y", record.GetProperty("md5OfMessageAttributes").GetString());
    }
}
