namespace Platform.Emulators.Queues.Engine;

/// <summary>A batch entry that failed, with SQS's error code and whether the caller is at fault
/// (SQS's BatchResultErrorEntry).</summary>
public sealed record BatchError(string Id, string Code, string Message, bool SenderFault);
