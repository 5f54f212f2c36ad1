namespace Platform.Emulators.Queues.Engine;

/// <summary>One entry of ChangeMessageVisibilityBatch.</summary>
public sealed record VisibilityChange(string ReceiptHandle, TimeSpan VisibilityTimeout);
