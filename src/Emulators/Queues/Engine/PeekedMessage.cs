namespace Platform.Emulators.Queues.Engine;

/// <summary>A message as a peek shows it: what a receive would return, plus its state
/// (<c>visible</c>, <c>inFlight</c> or <c>delayed</c>) — and no receipt handle, since a peek is no receive.</summary>
public sealed record PeekedMessage(
    string MessageId,
    string Body,
    string State,
    int ReceiveCount,
    DateTimeOffset SentAt,
    DateTimeOffset VisibleAt,
    string? MessageGroupId,
    string? DeadLetterSource,
    IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes);
