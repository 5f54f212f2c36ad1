using Platform.Emulators.Topics.Engine;
using Platform.Triggers.Sources.Sns;

namespace Platform.Tests.Triggers.Sources.Sns;

/// <summary>The envelope's exact layout and the Lambda event's field names, byte for byte except the signature.</summary>
public sealed class SnsMessageFormatTests
{
    private static readonly TopicEngineOptions Options = new() { EndpointUrl = "http://localhost:4566" };

    private static PublishedMessage Message(string? subject = "Hi", string? sequenceNumber = null) => new()
    {
        Sequence = 1,
        Type = "Notification",
        TopicArn = "arn:aws:sns:us-east-1:000000000000:orders",
        MessageId = "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
        Subject = subject,
        Message = "Hello \"world\" <&>",
        SequenceNumber = sequenceNumber,
        MessageAttributes = new Dictionary<string, TopicAttribute> { ["Test"] = new() { DataType = "String", StringValue = "TestString" } },
        Timestamp = DateTimeOffset.Parse("2015-06-03T17:43:27.123Z"),
    };

    [Fact]
    public void Envelope_has_sns_layout_and_order()
    {
        var envelope = SnsMessageFormat.Envelope(Options, Message(), "sqs", "arn:aws:sns:us-east-1:000000000000:orders:sub");
        var signature = SnsMessageFormat.Sign(SnsMessageFormat.NotificationCanonical(Message(), "Hello \"world\" <&>", "2015-06-03T17:43:27.123Z"));
        Assert.Equal($$"""
            {
              "Type" : "Notification",
              "MessageId" : "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
              "TopicArn" : "arn:aws:sns:us-east-1:000000000000:orders",
              "Subject" : "Hi",
              "Message" : "Hello \"world\" <&>",
              "Timestamp" : "2015-06-03T17:43:27.123Z",
              "SignatureVersion" : "1",
              "Signature" : "{{signature}}",
              "SigningCertURL" : "http://localhost:4566/SimpleNotificationService-platform.pem",
              "UnsubscribeURL" : "http://localhost:4566/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:000000000000:orders:sub",
              "MessageAttributes" : {
                "Test" : {"Type":"String","Value":"TestString"}
              }
            }
            """.ReplaceLineEndings("\n"), envelope);
    }

    [Fact]
    public void Fifo_envelope_carries_the_sequence_number_after_the_message_id_and_no_subject_when_none()
    {
        var envelope = SnsMessageFormat.Envelope(Options, Message(subject: null, sequenceNumber: "10000000000000000001"), "sqs", "s");
        Assert.Contains("\"MessageId\" : \"95df01b4-ee98-5cb9-9903-4c221d41eb5e\",\n  \"SequenceNumber\" : \"10000000000000000001\",\n  \"TopicArn\"", envelope);
        Assert.DoesNotContain("Subject", envelope);
    }

    [Fact]
    public void Message_structure_picks_the_protocol_key_or_default()
    {
        var message = Message() with { MessageStructure = "json", Message = """{"default":"d","sqs":"q"}""" };
        Assert.Equal("q", SnsMessageFormat.MessageFor(message, "sqs"));
        Assert.Equal("d", SnsMessageFormat.MessageFor(message, "lambda"));
    }
}
