namespace Platform.Emulators.Tables.Engine;

/// <summary>One page of a Query or Scan. Items is empty for Select COUNT.</summary>
public sealed record ReadResult(
    IReadOnlyList<IReadOnlyDictionary<string, AttributeValue>> Items,
    int Count,
    int ScannedCount,
    IReadOnlyDictionary<string, AttributeValue>? LastEvaluatedKey);
