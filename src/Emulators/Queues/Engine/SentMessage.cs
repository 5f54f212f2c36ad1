namespace Platform.Emulators.Queues.Engine;

public sealed record SentMessage(string MessageId, string MD5OfBody, string? SequenceNumber);
