namespace Platform.Emulators.Tables.Engine;

/// <summary>DescribeTable's view: the table with its live item count and size (DynamoDB refreshes
/// them every six hours; here they are exact).</summary>
public sealed record TableSummary(TableState Table, long ItemCount, long SizeBytes, IReadOnlyDictionary<string, long> IndexItemCounts);
