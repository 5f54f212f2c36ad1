namespace Platform.Emulators.Queues.Engine;

/// <summary>A message to send (SendMessage's parameters).</summary>
public sealed record OutgoingMessage
{
    public required string Body { get; init; }

    /// <summary>Null: the queue's DelaySeconds.</summary>
    public TimeSpan? Delay { get; init; }
    public IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes { get; init; } =
        new Dictionary<string, MessageAttributeValue>();
    public string? MessageGroupId { get; init; }
    public string? MessageDeduplicationId { get; init; }
}
