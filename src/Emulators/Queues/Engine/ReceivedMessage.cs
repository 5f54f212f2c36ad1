namespace Platform.Emulators.Queues.Engine;

public sealed record ReceivedMessage
{
    public required string MessageId { get; init; }

    /// <summary>New on every receive; only the latest one deletes or changes visibility.</summary>
    public required string ReceiptHandle { get; init; }
    public required string Body { get; init; }
    public required string MD5OfBody { get; init; }
    public required DateTimeOffset SentTimestamp { get; init; }
    public required DateTimeOffset ApproximateFirstReceiveTimestamp { get; init; }

    /// <summary>Including this receive.</summary>
    public required int ApproximateReceiveCount { get; init; }
    public string SenderId { get; init; } = "000000000000";
    public IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes { get; init; } =
        new Dictionary<string, MessageAttributeValue>();
    public string? MessageGroupId { get; init; }
    public string? MessageDeduplicationId { get; init; }
    public string? SequenceNumber { get; init; }

    /// <summary>SQS's MD5 of the message attributes (see <see cref="MessageDigest"/>); null when the
    /// message has none.</summary>
    public string? MD5OfMessageAttributes { get; init; }

    /// <summary>SQS's AWSTraceHeader attribute: the sender's trace (X-Ray form), or null.</summary>
    public string? TraceHeader { get; init; }

    /// <summary>The ARN of the queue this message was redriven from (SQS's DeadLetterQueueSourceArn
    /// attribute); null unless it was moved to this dead-letter queue.</summary>
    public string? DeadLetterQueueSourceArn { get; init; }
}
