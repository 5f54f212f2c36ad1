namespace Platform.Emulators.Topics.Engine;

/// <summary>A subscription as stored. <paramref name="SinceSequence"/> is the topic journal position
/// when it was created: messages published before it never reach it, whenever delivery runs.</summary>
public sealed record Subscription(
    string Arn,
    string TopicArn,
    string Protocol,
    string Endpoint,
    string Owner,
    IReadOnlyDictionary<string, string> Attributes,
    bool Confirmed,
    string? Token,
    long SinceSequence)
{
    public bool RawMessageDelivery =>
        Attributes.TryGetValue(SubscriptionAttributeNames.RawMessageDelivery, out var raw) && raw == "true";

    public string? FilterPolicy => Attributes.GetValueOrDefault(SubscriptionAttributeNames.FilterPolicy);

    /// <summary>MessageAttributes (the default) or MessageBody.</summary>
    public string FilterPolicyScope =>
        Attributes.GetValueOrDefault(SubscriptionAttributeNames.FilterPolicyScope) ?? "MessageAttributes";

    /// <summary>The dead-letter queue's ARN from the RedrivePolicy, if any.</summary>
    public string? DeadLetterTargetArn => SubscriptionAttributeNames.DeadLetterTarget(Attributes.GetValueOrDefault(SubscriptionAttributeNames.RedrivePolicy));
}
