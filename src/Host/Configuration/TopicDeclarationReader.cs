using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>
/// Reads `topics:` and a function's `- sns:` trigger:
/// <code>
/// topics:
///   - name: orders
///     subscriptions:
///       - { protocol: sqs, endpoint: billing, rawMessageDelivery: true, filterPolicy: '{"type":["order"]}' }
///   - { name: ledger.fifo, fifo: true, contentBasedDeduplication: true }
/// functions:
///   audit:
///     triggers:
///       - sns: { topic: orders, filterPolicy: '{"type":["order"]}', filterPolicyScope: MessageAttributes }
/// </code>
/// Filter policies are JSON text, as `filterCriteria` patterns are; the topic engine validates them
/// with SNS's rules when the subscription is made.
/// </summary>
internal static class TopicDeclarationReader
{
    public static List<TopicDeclaration> Read(YamlNodeReader yaml, YamlNode node, string region, string accountId)
    {
        var topics = new List<TopicDeclaration>();
        foreach (var (item, i) in yaml.Sequence(node, "topics").Children.Select((n, i) => (n, i)))
        {
            var path = $"topics[{i}]";
            var entries = yaml.Entries(yaml.Mapping(item, path), path, "name", "fifo", "contentBasedDeduplication", "subscriptions");
            var name = yaml.RequiredString(entries, item, "name", path);
            var subscriptions = new List<SubscriptionDeclaration>();
            if (entries.TryGetValue("subscriptions", out var list))
            {
                foreach (var (sub, j) in yaml.Sequence(list, path + ".subscriptions").Children.Select((n, j) => (n, j)))
                {
                    var subPath = $"{path}.subscriptions[{j}]";
                    var subEntries = yaml.Entries(yaml.Mapping(sub, subPath), subPath, "protocol", "endpoint", "rawMessageDelivery", "filterPolicy",
                        "filterPolicyScope", "deadLetterQueue");
                    var protocol = yaml.RequiredString(subEntries, sub, "protocol", subPath);
                    var endpoint = yaml.RequiredString(subEntries, sub, "endpoint", subPath);
                    if (protocol == "sqs" && !endpoint.StartsWith("arn:", StringComparison.Ordinal))
                        endpoint = QueueArn(region, accountId, endpoint);
                    subscriptions.Add(new SubscriptionDeclaration(name, protocol, endpoint, Attributes(yaml, subEntries, subPath, region, accountId), (int)sub.Start.Line));
                }
            }
            topics.Add(new TopicDeclaration(name, Bool(yaml, entries, "fifo", path), Bool(yaml, entries, "contentBasedDeduplication", path), subscriptions,
                (int)item.Start.Line));
        }
        return topics;
    }

    /// <summary>A function's `- sns: {topic, filterPolicy, filterPolicyScope, deadLetterQueue}`: a lambda subscription.</summary>
    public static SubscriptionDeclaration ReadTrigger(YamlNodeReader yaml, string function, YamlNode node, int line, string path, string region, string accountId)
    {
        var entries = yaml.Entries(yaml.Mapping(node, path), path, "topic", "filterPolicy", "filterPolicyScope", "deadLetterQueue");
        var topic = yaml.RequiredString(entries, node, "topic", path);
        return new SubscriptionDeclaration(topic, "lambda", $"arn:aws:lambda:{region}:{accountId}:function:{function}",
            Attributes(yaml, entries, path, region, accountId), line);
    }

    private static Dictionary<string, string> Attributes(YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, string path, string region,
        string accountId)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entries.ContainsKey("rawMessageDelivery"))
            attributes["RawMessageDelivery"] = Bool(yaml, entries, "rawMessageDelivery", path) ? "true" : "false";
        if (yaml.OptionalString(entries, "filterPolicy", path) is { } policy)
            attributes["FilterPolicy"] = policy;
        if (yaml.OptionalString(entries, "filterPolicyScope", path) is { } scope)
            attributes["FilterPolicyScope"] = scope;
        if (yaml.OptionalString(entries, "deadLetterQueue", path) is { } dlq)
            attributes["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{(dlq.StartsWith("arn:", StringComparison.Ordinal) ? dlq : QueueArn(region, accountId, dlq))}}"}""";
        return attributes;
    }

    private static string QueueArn(string region, string accountId, string name) => $"arn:aws:sqs:{region}:{accountId}:{name}";

    private static bool Bool(YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, string key, string path) =>
        yaml.OptionalString(entries, key, path) switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw yaml.Error(entries[key], $"{YamlNodeReader.Join(path, key)} must be true or false, not '{other}'."),
        };
}
