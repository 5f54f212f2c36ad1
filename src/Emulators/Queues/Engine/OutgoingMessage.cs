namespace Platform.Emulators.Queues.Engine;

/// <summary>A message to send (SendMessage's parameters).</summary>
public sealed record OutgoingMessage
{
    public required string Body { get; init; }

    /// <summary>Null: the queue's DelaySeconds. 0–900 s; FIFO queues only take the queue's delay
    /// (a non-zero per-message delay is InvalidParameterValue there).</summary>
    public TimeSpan? Delay { get; init; }
    public IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes { get; init; } =
        new Dictionary<string, MessageAttributeValue>();

    /// <summary>Required on FIFO queues; accepted (and returned) on standard queues, as SQS's fair
    /// queues do.</summary>
    public string? MessageGroupId { get; init; }

    /// <summary>SQS's AWSTraceHeader system attribute (X-Ray form). Null: the trace being recorded
    /// where the message is sent (the SendMessage call's span, a poller's span), if any.</summary>
    public string? TraceHeader { get; init; }

    /// <summary>FIFO only; without it a FIFO queue needs ContentBasedDeduplication (SHA-256 of the body).</summary>
    public string? MessageDeduplicationId { get; init; }
}
