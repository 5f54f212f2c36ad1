namespace Platform.Emulators.Tables.Engine;

/// <summary>The keys BatchGetItem asks of one table, with its projection.</summary>
public sealed record BatchGet(string TableName, IReadOnlyList<IReadOnlyDictionary<string, AttributeValue>> Keys,
    string? ProjectionExpression, IReadOnlyDictionary<string, string>? ExpressionAttributeNames);
