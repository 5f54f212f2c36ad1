namespace Platform.Emulators.Topics.Engine;

/// <summary>A durable outbox row: a published notification waiting for fan-out, or one HTTP
/// delivery (a notification for one subscription, or a SubscriptionConfirmation) waiting for its
/// next attempt.</summary>
public sealed record PublishedMessage
{
    public required long Sequence { get; init; }
    public required string Type { get; init; }
    public required string TopicArn { get; init; }

    /// <summary>Set on HTTP-lane rows: the one subscription they are for.</summary>
    public string? SubscriptionArn { get; init; }
    public required string MessageId { get; init; }
    public string? Subject { get; init; }
    public required string Message { get; init; }

    /// <summary>"json" when each protocol gets its own text (MessageStructure).</summary>
    public string? MessageStructure { get; init; }
    public IReadOnlyDictionary<string, TopicAttribute> MessageAttributes { get; init; } = new Dictionary<string, TopicAttribute>();
    public string? MessageGroupId { get; init; }
    public string? MessageDeduplicationId { get; init; }

    /// <summary>FIFO topics only.</summary>
    public string? SequenceNumber { get; init; }
    /// <summary>A SubscriptionConfirmation's token.</summary>
    public string? Token { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public int Attempt { get; init; }
}
