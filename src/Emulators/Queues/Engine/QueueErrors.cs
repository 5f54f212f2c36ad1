namespace Platform.Emulators.Queues.Engine;

/// <summary>SQS's error codes and messages in one place, so every path refuses a request the way
/// SQS does and the wire layers only map codes to their protocol's shape. Codes are the query
/// protocol's; the JSON protocol renames a few (NonExistentQueue → QueueDoesNotExist,
/// QueueAlreadyExists → QueueNameExists).</summary>
internal static class QueueErrors
{
    public const string NonExistentQueueCode = "AWS.SimpleQueueService.NonExistentQueue";

    public static QueueException NonExistentQueue() =>
        new(NonExistentQueueCode, "The specified queue does not exist.");

    public static QueueException InvalidParameterValue(string message) => new("InvalidParameterValue", message);

    public static QueueException InvalidParameter(string parameter, string value, string reason) =>
        InvalidParameterValue($"Value {value} for parameter {parameter} is invalid. Reason: {reason}");

    public static QueueException MissingParameter(string parameter) =>
        new("MissingParameter", $"The request must contain the parameter {parameter}.");

    public static QueueException InvalidAttributeName(string name) =>
        new("InvalidAttributeName", $"Unknown Attribute {name}.");

    public static QueueException InvalidAttributeValue(string name) =>
        new("InvalidAttributeValue", $"Invalid value for the parameter {name}.");

    public static QueueException QueueAlreadyExists(string attribute) =>
        new("QueueAlreadyExists", $"A queue already exists with the same name and a different value for attribute {attribute}");

    public static QueueException ReceiptHandleIsInvalid(string handle) =>
        new("ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    public static QueueException MessageNotInflight() =>
        new("AWS.SimpleQueueService.MessageNotInflight", "The message referred to isn't in flight.");

    public static QueueException MessageNotAvailable(string handle) =>
        InvalidParameter("ReceiptHandle", handle, "Message does not exist or is not available for visibility timeout change.");

    public static QueueException InvalidMessageContents(int codePoint) =>
        new("InvalidMessageContents",
            $"Invalid binary character '#x{codePoint:X}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");

    public static QueueException PurgeQueueInProgress(string name) =>
        new("AWS.SimpleQueueService.PurgeQueueInProgress",
            $"Only one PurgeQueue operation on {name} is allowed every 60 seconds.", 403);

    public static QueueException EmptyBatchRequest() =>
        new("AWS.SimpleQueueService.EmptyBatchRequest", "There should be at least one entry in the request.");

    public static QueueException TooManyEntriesInBatchRequest(int count) =>
        new("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", $"Maximum number of entries per request are 10. You have sent {count}.");

    public static QueueException BatchEntryIdsNotDistinct(string id) =>
        new("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", $"Id {id} repeated.");

    public static QueueException InvalidBatchEntryId() =>
        new("AWS.SimpleQueueService.InvalidBatchEntryId",
            "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");

    public static QueueException BatchRequestTooLong(int size) =>
        new("AWS.SimpleQueueService.BatchRequestTooLong",
            $"Batch requests cannot be longer than 262144 bytes. You have sent {size} bytes.");

    public static QueueException ResourceNotFound(string message) => new("ResourceNotFoundException", message, 404);

    public static QueueException UnsupportedOperation(string message) => new("AWS.SimpleQueueService.UnsupportedOperation", message);

    public static QueueException InvalidNextToken() => InvalidParameterValue("Invalid NextToken value.");
}
