using Platform.Emulators.Queues.Engine;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>A received message with its record of the SQS event already written, so batches are
/// sized (6 MB) and assembled without writing any record twice.</summary>
public sealed record SqsRecord(ReceivedMessage Message, byte[] Json)
{
    public string MessageId => Message.MessageId;
    public string ReceiptHandle => Message.ReceiptHandle;
    public string? MessageGroupId => Message.MessageGroupId;
}
