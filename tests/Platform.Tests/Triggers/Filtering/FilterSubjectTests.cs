using System.Text;
using System.Text.Json;
using Platform.Emulators.Queues.Engine;
using Platform.Functions.Events;
using Platform.Triggers.Filtering;
using Platform.Triggers.Sources.Sqs;

namespace Platform.Tests.Triggers.Filtering;

public sealed class FilterSubjectTests
{
    /// <summary>The subject production matches: the record SqsEventBuilder writes for a received message.</summary>
    private static JsonElement Sqs(string body) => SqsRecordFilter.Subject(SqsEventBuilder.Record(new ReceivedMessage
    {
        MessageId = "m-1",
        ReceiptHandle = "rh",
        Body = body,
        MD5OfBody = "d41d8cd98f00b204e9800998ecf8427e",
        SentTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_545_082_649_183),
        ApproximateFirstReceiveTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_545_082_649_185),
        ApproximateReceiveCount = 1,
        SenderId = "000000000000",
        MessageAttributes = new Dictionary<string, MessageAttributeValue>
        {
            ["tenant"] = new() { StringValue = "acme", DataType = "String" },
        },
    }, "arn:aws:sqs:us-east-1:000000000000:orders", "us-east-1"));

    [Theory]
    // JSON body: nested body patterns apply
    [InlineData("""{"type":"order","amount":12}""", """{"body":{"type":["order"]}}""", true)]
    [InlineData("""{"type":"order","amount":12}""", """{"body":{"amount":[{"numeric":[">",10]}]}}""", true)]
    [InlineData("""{"type":"refund"}""", """{"body":{"type":["order"]}}""", false)]
    [InlineData(""" [{"type":"order"}] """, """{"body":{"type":["order"]}}""", true)]
    // plain body: only plain-string patterns on body
    [InlineData("hello world", """{"body":["hello world"]}""", true)]
    [InlineData("hello world", """{"body":[{"prefix":"hello"}]}""", true)]
    [InlineData("hello world", """{"body":{"type":["order"]}}""", false)]
    [InlineData("42", """{"body":["42"]}""", true)]
    [InlineData("{not json", """{"body":[{"prefix":"{not"}]}""", true)]
    // a JSON body is not a string: a plain pattern drops it, as Lambda does
    [InlineData("""{"type":"order"}""", """{"body":[{"prefix":"{"}]}""", false)]
    // metadata
    [InlineData("x", """{"messageId":["m-1"]}""", true)]
    [InlineData("x", """{"attributes":{"ApproximateReceiveCount":["1"]}}""", true)]
    [InlineData("x", """{"messageAttributes":{"tenant":{"stringValue":["acme"]}}}""", true)]
    [InlineData("x", """{"eventSourceARN":[{"suffix":":orders"}]}""", true)]
    public void Sqs_record(string body, string pattern, bool expected) =>
        Assert.Equal(expected, EventPattern.Parse(pattern).Matches(Sqs(body)));

    [Theory]
    [InlineData("""{"City":"Seattle","Temperature":46}""", """{"data":{"City":["Seattle"]}}""", true)]
    [InlineData("""{"City":"Seattle","Temperature":46}""", """{"data":{"Temperature":[{"numeric":["<",40]}]}}""", false)]
    [InlineData("""{"City":"Seattle"}""", """{"partitionKey":["pk-1"],"data":{"City":[{"exists":true}]}}""", true)]
    [InlineData("not json", """{"data":{"City":["Seattle"]}}""", false)]
    [InlineData("not json", """{"partitionKey":["pk-1"]}""", true)]
    [InlineData("x", """{"sequenceNumber":["49590338271490256608559692538361571095921575989136588898"]}""", true)]
    public void Kinesis_record(string data, string pattern, bool expected)
    {
        var record = new KinesisRecord
        {
            PartitionKey = "pk-1",
            SequenceNumber = "49590338271490256608559692538361571095921575989136588898",
            Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(data)),
            ApproximateArrivalTimestamp = 1545084650.987,
        };

        Assert.Equal(expected, EventPattern.Parse(pattern).Matches(FilterSubject.ForKinesis(record)));
    }

    [Fact]
    public void A_filter_passes_a_record_any_pattern_matches_and_everything_without_patterns()
    {
        var filter = EventFilter.Create(["""{"body":{"type":["a"]}}""", """{"body":{"type":["b"]}}"""]);

        Assert.True(filter.Matches(Sqs("""{"type":"b"}""")));
        Assert.False(filter.Matches(Sqs("""{"type":"c"}""")));
        Assert.True(EventFilter.Create([]).Matches(Sqs("anything")));
    }
}
