namespace Platform.Emulators.Topics.Engine;

/// <summary>SNS's error codes and messages in one place (the codes the query protocol answers:
/// InvalidParameterException is "InvalidParameter", NotFoundException "NotFound", …).</summary>
internal static class TopicErrors
{
    public static TopicException InvalidParameter(string what) => new("InvalidParameter", "Invalid parameter: " + what);

    public static TopicException InvalidParameterValue(string message) => new("ParameterValueInvalid", message);

    public static TopicException TopicNotFound() => new("NotFound", "Topic does not exist", 404);

    public static TopicException SubscriptionNotFound() => new("NotFound", "Subscription does not exist", 404);

    public static TopicException ResourceNotFound() => new("ResourceNotFound", "Resource does not exist", 404);

    public static TopicException MissingParameter(string name) =>
        InvalidParameter($"{name} Reason: cannot be empty");
}
