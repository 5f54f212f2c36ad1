using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>
/// `buckets:` — a bare name, or `{name, notifications: {queues, topics, eventbridge}}` for a bucket
/// whose notification configuration sends to SQS queues, SNS topics or EventBridge, exactly as
/// PutBucketNotificationConfiguration's QueueConfigurations, TopicConfigurations and
/// EventBridgeConfiguration would (functions subscribe with their own `- s3:` trigger). Queues and
/// topics are named or given by ARN; each entry takes `id`, `events` (default s3:ObjectCreated:*),
/// `prefix` and `suffix`. They become <see cref="S3TriggerDeclaration"/>s, validated by S3's rules.
/// </summary>
internal static class BucketDeclarationReader
{
    public static List<string> Read(YamlNodeReader yaml, YamlNode node, string region, string accountId, List<S3TriggerDeclaration> triggers)
    {
        var buckets = new List<string>();
        if (node is YamlScalarNode)
            return [.. yaml.StringList(node, "buckets")];

        foreach (var (item, i) in yaml.Sequence(node, "buckets").Children.Select((n, i) => (n, i)))
        {
            var path = $"buckets[{i}]";
            if (item is YamlScalarNode)
            {
                buckets.Add(yaml.Scalar(item, path));
                continue;
            }

            var entries = yaml.Entries(yaml.Mapping(item, path), path, "name", "notifications");
            var bucket = yaml.RequiredString(entries, item, "name", path);
            buckets.Add(bucket);
            if (!entries.TryGetValue("notifications", out var notificationsNode))
                continue;

            var notificationsPath = path + ".notifications";
            var notifications = yaml.Entries(yaml.Mapping(notificationsNode, notificationsPath), notificationsPath, "queues", "topics", "eventbridge");
            if (notifications.TryGetValue("queues", out var queues))
                triggers.AddRange(ReadEntries(yaml, queues, notificationsPath + ".queues", bucket, "queue",
                    name => name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:sqs:{region}:{accountId}:{name}"));
            if (notifications.TryGetValue("topics", out var topics))
                triggers.AddRange(ReadEntries(yaml, topics, notificationsPath + ".topics", bucket, "topic",
                    name => name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:sns:{region}:{accountId}:{name}"));
            if (notifications.TryGetValue("eventbridge", out var eventBridge))
            {
                var on = yaml.Scalar(eventBridge, notificationsPath + ".eventbridge");
                if (on is not ("true" or "false"))
                    throw yaml.Error(eventBridge, $"{notificationsPath}.eventbridge must be true or false.");
                if (on == "true")
                {
                    triggers.Add(new S3TriggerDeclaration
                    {
                        Function = "", Bucket = bucket, EventBridge = true, Id = ConfigLoader.S3TriggerIdPrefix + bucket + "-eventbridge",
                        Events = [], Line = (int)eventBridge.Start.Line,
                    });
                }
            }
        }

        return buckets;
    }

    private static IEnumerable<S3TriggerDeclaration> ReadEntries(YamlNodeReader yaml, YamlNode node, string path, string bucket, string kind,
        Func<string, string> arn)
    {
        foreach (var (item, i) in yaml.Sequence(node, path).Children.Select((n, i) => (n, i)))
        {
            var itemPath = $"{path}[{i}]";
            var entries = yaml.Entries(yaml.Mapping(item, itemPath), itemPath, kind, "id", "events", "prefix", "suffix");
            var target = arn(yaml.RequiredString(entries, item, kind, itemPath));
            yield return new S3TriggerDeclaration
            {
                Function = "",
                Bucket = bucket,
                QueueArn = kind == "queue" ? target : null,
                TopicArn = kind == "topic" ? target : null,
                Id = ConfigLoader.S3TriggerIdPrefix + (yaml.OptionalString(entries, "id", itemPath) ?? $"{bucket}-{kind}-{i}"),
                Events = entries.TryGetValue("events", out var events) ? yaml.StringList(events, itemPath + ".events") : ["s3:ObjectCreated:*"],
                Prefix = yaml.OptionalString(entries, "prefix", itemPath),
                Suffix = yaml.OptionalString(entries, "suffix", itemPath),
                Line = (int)item.Start.Line,
            };
        }
    }
}
