namespace Platform.Emulators.Topics.Engine;

/// <summary>Which protocols the platform delivers to and what their endpoints must look like.</summary>
internal static class SubscriptionEndpoints
{
    public static void Validate(Topic topic, string protocol, string? endpoint)
    {
        if (protocol is not ("sqs" or "lambda" or "http" or "https"))
            throw TopicErrors.InvalidParameter($"Amazon SNS does not support this protocol string: {protocol}");
        if (string.IsNullOrEmpty(endpoint))
            throw TopicErrors.InvalidParameter("Endpoint");
        if (topic.Fifo && protocol != "sqs")
            throw TopicErrors.InvalidParameter($"Invalid protocol type: {protocol}");
        switch (protocol)
        {
            case "sqs":
                if (!IsArn(endpoint, "sqs", 6))
                    throw TopicErrors.InvalidParameter("SQS endpoint ARN");
                break;
            case "lambda":
                if (!IsArn(endpoint, "lambda", 7) || endpoint.Split(':')[5] != "function")
                    throw TopicErrors.InvalidParameter("Lambda endpoint ARN");
                break;
            default:
                if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != protocol)
                    throw TopicErrors.InvalidParameter("Endpoint must match the specified protocol");
                break;
        }
    }

    private static bool IsArn(string endpoint, string service, int minParts)
    {
        var parts = endpoint.Split(':');
        return parts.Length >= minParts && parts.Length <= minParts + 1 && parts[0] == "arn" && parts[2] == service && parts.All(p => p.Length > 0);
    }
}
