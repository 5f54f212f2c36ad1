namespace Platform.Emulators.Tables.Engine;

/// <summary>A request DynamoDB refuses, with its error code (ValidationException,
/// ResourceNotFoundException, ConditionalCheckFailedException, …) and HTTP status. A conditional
/// failure may carry the item (ReturnValuesOnConditionCheckFailure); a cancelled transaction carries
/// one reason per action.</summary>
public sealed class TableException(string code, string message, int statusCode = 400) : Exception(message)
{
    public string Code { get; } = code;
    public int StatusCode { get; } = statusCode;
    public IReadOnlyDictionary<string, AttributeValue>? Item { get; init; }
    public IReadOnlyList<CancellationReason>? CancellationReasons { get; init; }
}
