namespace Platform.Emulators.Tables.Engine;

/// <summary>A Query or a Scan: Query has a KeyConditionExpression, Scan may have Segment/TotalSegments.</summary>
public sealed record ReadRequest
{
    public required string TableName { get; init; }
    public string? IndexName { get; init; }
    public string? KeyConditionExpression { get; init; }
    public string? FilterExpression { get; init; }
    public string? ProjectionExpression { get; init; }
    public IReadOnlyDictionary<string, string>? ExpressionAttributeNames { get; init; }
    public IReadOnlyDictionary<string, AttributeValue>? ExpressionAttributeValues { get; init; }
    public bool ScanIndexForward { get; init; } = true;
    public int? Limit { get; init; }
    public IReadOnlyDictionary<string, AttributeValue>? ExclusiveStartKey { get; init; }
    public string? Select { get; init; }
    public int? Segment { get; init; }
    public int? TotalSegments { get; init; }
    public bool ConsistentRead { get; init; }
}
