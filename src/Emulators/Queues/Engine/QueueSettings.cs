namespace Platform.Emulators.Queues.Engine;

/// <summary>A queue's attributes parsed once (when the queue is loaded or changed) so a send or
/// receive never parses strings. Built from the stored, already validated attribute map.</summary>
internal sealed record QueueSettings(
    bool Fifo,
    int VisibilityTimeout,
    int DelaySeconds,
    int MaximumMessageSize,
    int MessageRetentionPeriod,
    int ReceiveMessageWaitTimeSeconds,
    RedrivePolicy? Redrive,
    bool ContentBasedDeduplication,
    bool DeduplicationPerGroup)
{
    public static QueueSettings From(IReadOnlyDictionary<string, string> attributes)
    {
        int Int(string name, int fallback) => attributes.TryGetValue(name, out var v) ? int.Parse(v) : fallback;
        bool Flag(string name) => attributes.TryGetValue(name, out var v) && v == "true";

        return new QueueSettings(
            Flag(QueueAttributeNames.FifoQueue),
            Int(QueueAttributeNames.VisibilityTimeout, 30),
            Int(QueueAttributeNames.DelaySeconds, 0),
            Int(QueueAttributeNames.MaximumMessageSize, 262144),
            Int(QueueAttributeNames.MessageRetentionPeriod, 345600),
            Int(QueueAttributeNames.ReceiveMessageWaitTimeSeconds, 0),
            attributes.TryGetValue(QueueAttributeNames.RedrivePolicy, out var redrive) ? QueueAttributeRules.ParseRedrive(redrive) : null,
            Flag(QueueAttributeNames.ContentBasedDeduplication),
            attributes.TryGetValue(QueueAttributeNames.DeduplicationScope, out var scope) && scope == "messageGroup");
    }
}
