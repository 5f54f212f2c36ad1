using Platform.Emulators.Topics.Engine;
using Platform.Host.Configuration;

namespace Platform.Host.Composition;

/// <summary>Applies `topics:` and `sns:` triggers: creates missing topics, and makes each declared
/// subscription exist with the declared attributes (SNS answers the existing subscription for the
/// same topic, protocol and endpoint; changed attributes are set on it). Subscriptions that left
/// the file stay, as API-made ones do (docs/topics.md).</summary>
internal static class TopicProvisioner
{
    public static async Task ApplyAsync(TopicEngine topics, PlatformConfig next, Func<int, string, Func<Task>, Task> provision, CancellationToken cancellationToken)
    {
        foreach (var topic in next.Topics)
        {
            var attributes = new Dictionary<string, string>();
            if (topic.Fifo)
                attributes["FifoTopic"] = "true";
            if (topic.ContentBasedDeduplication)
                attributes["ContentBasedDeduplication"] = "true";
            if (!topics.TopicExists(topics.TopicArn(topic.Name)))
                await provision(topic.Line, $"topic '{topic.Name}'", () => topics.CreateTopicAsync(topic.Name, attributes, null, cancellationToken));
        }

        foreach (var subscription in next.Topics.SelectMany(t => t.Subscriptions).Concat(next.SnsTriggers))
        {
            await provision(subscription.Line, $"the {subscription.Protocol} subscription of topic '{subscription.Topic}'", async () =>
            {
                var topicArn = topics.TopicArn(subscription.Topic);
                var existing = topics.Subscriptions().FirstOrDefault(s =>
                    s.TopicArn == topicArn && s.Protocol == subscription.Protocol && s.Endpoint == subscription.Endpoint);
                if (existing is null)
                {
                    await topics.SubscribeAsync(topicArn, subscription.Protocol, subscription.Endpoint, subscription.Attributes, returnArn: true, cancellationToken);
                    return;
                }
                foreach (var (name, value) in subscription.Attributes.Where(a => existing.Attributes.GetValueOrDefault(a.Key) != a.Value))
                    await topics.SetSubscriptionAttributeAsync(existing.Arn, name, value, cancellationToken);
            });
        }
    }
}
