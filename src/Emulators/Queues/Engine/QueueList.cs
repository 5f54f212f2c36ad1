namespace Platform.Emulators.Queues.Engine;

/// <summary>A page of queue URLs; <paramref name="NextToken"/> is set when more follow.</summary>
public sealed record QueueList(IReadOnlyList<string> QueueUrls, string? NextToken);
