namespace Platform.Emulators.Tables.Engine;

/// <summary>Why one action of a cancelled transaction failed (Code "None" when it did not).</summary>
public sealed record CancellationReason(string Code, string? Message, IReadOnlyDictionary<string, AttributeValue>? Item = null);
