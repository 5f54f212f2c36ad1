namespace Platform.Emulators.Queues.Api;

/// <summary>How an SQS error code (the query protocol's, which the engine raises) appears on each
/// protocol: the JSON protocol's shape name (<c>__type</c> = <c>com.amazonaws.sqs#{name}</c>) and the
/// HTTP status, both as in SQS's service model (its <c>awsQueryError</c> entries).</summary>
internal static class SqsErrorCodes
{
    public const string JsonNamespace = "com.amazonaws.sqs#";

    private static readonly Dictionary<string, (string JsonName, int Status)> Modeled = new(StringComparer.Ordinal)
    {
        ["AWS.SimpleQueueService.NonExistentQueue"] = ("QueueDoesNotExist", 400),
        ["QueueAlreadyExists"] = ("QueueNameExists", 400),
        ["AWS.SimpleQueueService.QueueDeletedRecently"] = ("QueueDeletedRecently", 400),
        ["AWS.SimpleQueueService.PurgeQueueInProgress"] = ("PurgeQueueInProgress", 403),
        ["ReceiptHandleIsInvalid"] = ("ReceiptHandleIsInvalid", 404),
        ["AWS.SimpleQueueService.MessageNotInflight"] = ("MessageNotInflight", 400),
        ["AWS.SimpleQueueService.BatchEntryIdsNotDistinct"] = ("BatchEntryIdsNotDistinct", 400),
        ["AWS.SimpleQueueService.BatchRequestTooLong"] = ("BatchRequestTooLong", 400),
        ["AWS.SimpleQueueService.EmptyBatchRequest"] = ("EmptyBatchRequest", 400),
        ["AWS.SimpleQueueService.InvalidBatchEntryId"] = ("InvalidBatchEntryId", 400),
        ["AWS.SimpleQueueService.TooManyEntriesInBatchRequest"] = ("TooManyEntriesInBatchRequest", 400),
        ["AWS.SimpleQueueService.UnsupportedOperation"] = ("UnsupportedOperation", 400),
        ["ResourceNotFoundException"] = ("ResourceNotFoundException", 404),
        ["OverLimit"] = ("OverLimit", 403),
        ["RequestThrottled"] = ("RequestThrottled", 403),
        ["InvalidAddress"] = ("InvalidAddress", 404),
        ["InvalidSecurity"] = ("InvalidSecurity", 403),
    };

    /// <summary>Codes SQS's model does not list (InvalidParameterValue, MissingParameter,
    /// InvalidAttributeName, InvalidAction, …) keep their name on both protocols.</summary>
    public static (string JsonName, int Status) For(string code, int fallbackStatus) =>
        Modeled.TryGetValue(code, out var known) ? known : (code, fallbackStatus);
}
