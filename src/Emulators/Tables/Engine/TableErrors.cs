namespace Platform.Emulators.Tables.Engine;

/// <summary>DynamoDB's error codes and messages in one place.</summary>
internal static class TableErrors
{
    public static TableException Validation(string message) => new("ValidationException", message);

    public static TableException Invalid(string message) =>
        Validation("One or more parameter values were invalid: " + message);

    public static TableException Constraint(string value, string member, string constraint) =>
        Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static TableException TableNotFound(string name) =>
        new("ResourceNotFoundException", $"Requested resource not found: Table: {name} not found");

    public static TableException NonExistentTable() =>
        new("ResourceNotFoundException", "Cannot do operations on a non-existent table");

    public static TableException ResourceNotFound(string message) => new("ResourceNotFoundException", message);

    public static TableException TableInUse(string name) =>
        new("ResourceInUseException", $"Table already exists: {name}");

    public static TableException ConditionalCheckFailed(IReadOnlyDictionary<string, AttributeValue>? item) =>
        new("ConditionalCheckFailedException", "The conditional request failed") { Item = item };

    public static TableException KeySchemaMismatch() => Validation("The provided key element does not match the schema");

    public static TableException ItemTooLarge() => Validation("Item size has exceeded the maximum allowed size");

    public static TableException Expression(string kind, string message) => Validation($"Invalid {kind}: {message}");
}
