using Platform.Emulators.Queues.Engine;
using Platform.Triggers.Sources.Sqs;

namespace Platform.Tests.Triggers.Sources.Sqs;

/// <summary>Records for the pure rules' tests, without a queue.</summary>
internal static class SqsRecords
{
    public const string QueueArn = "arn:aws:sqs:us-east-1:000000000000:orders";

    public static SqsRecord Of(string messageId, string body = "{}", string? group = null) =>
        SqsEventBuilder.Record(new ReceivedMessage
        {
            MessageId = messageId,
            ReceiptHandle = "handle-" + messageId,
            Body = body,
            MD5OfBody = "d41d8cd98f00b204e9800998ecf8427e",
            SentTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_545_082_649_183),
            ApproximateFirstReceiveTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_545_082_649_185),
            ApproximateReceiveCount = 1,
            MessageGroupId = group,
        }, QueueArn, "us-east-1");
}
