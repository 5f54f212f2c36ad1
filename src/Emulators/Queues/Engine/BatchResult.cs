namespace Platform.Emulators.Queues.Engine;

/// <summary>Per-entry outcome of a batch: a batch succeeds as a request even when entries fail.</summary>
public sealed record BatchResult<T>(IReadOnlyList<BatchEntry<T>> Successful, IReadOnlyList<BatchError> Failed);
