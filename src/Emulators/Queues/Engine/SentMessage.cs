namespace Platform.Emulators.Queues.Engine;

/// <summary>SendMessage's result. For a FIFO send deduplicated within the 5-minute window,
/// <paramref name="MessageId"/> and <paramref name="SequenceNumber"/> are the original message's.</summary>
public sealed record SentMessage(string MessageId, string MD5OfBody, string? SequenceNumber)
{
    /// <summary>SQS's MD5 of the message attributes (see <see cref="MessageDigest"/>); null when the
    /// message has none.</summary>
    public string? MD5OfMessageAttributes { get; init; }
}
