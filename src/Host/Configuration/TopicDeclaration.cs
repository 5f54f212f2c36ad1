namespace Platform.Host.Configuration;

/// <summary>An SNS topic platform.yaml declares (`topics:`), created when missing, with the
/// subscriptions it lists (queues, HTTP endpoints; functions subscribe with an `sns:` trigger).</summary>
public sealed record TopicDeclaration(string Name, bool Fifo, bool ContentBasedDeduplication, IReadOnlyList<SubscriptionDeclaration> Subscriptions, int Line);

/// <summary>One subscription: protocol, endpoint (an SQS queue's name or ARN, a Lambda ARN, a URL)
/// and SNS's subscription attributes (RawMessageDelivery, FilterPolicy, FilterPolicyScope, RedrivePolicy).</summary>
public sealed record SubscriptionDeclaration(string Topic, string Protocol, string Endpoint, IReadOnlyDictionary<string, string> Attributes, int Line);
