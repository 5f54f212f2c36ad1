namespace Platform.Emulators.Queues.Engine;

/// <summary>A message that passed validation, with everything computed that the write unit needs,
/// so the writer thread only runs SQL.</summary>
internal sealed record PreparedMessage(
    string MessageId,
    string Body,
    string Md5OfBody,
    string? Md5OfMessageAttributes,
    byte[]? Attributes,
    long DelayMs,
    string? GroupId,
    string? DeduplicationId,
    int Size)
{
    /// <summary>AWSTraceHeader: given, or the sender's current trace.</summary>
    public string? TraceHeader { get; init; }
}
