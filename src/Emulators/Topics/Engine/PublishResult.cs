namespace Platform.Emulators.Topics.Engine;

/// <summary>A Publish's answer; a FIFO duplicate within 5 minutes answers the original's ids.</summary>
public sealed record PublishResult(string MessageId, string? SequenceNumber);
