namespace Platform.Emulators.Queues.Engine;

/// <summary>One entry of a batch request (or a successful entry of its result): the caller's
/// <paramref name="Id"/>, unique within the batch, and the entry's value.</summary>
public sealed record BatchEntry<T>(string Id, T Value);
