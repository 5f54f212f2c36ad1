namespace Platform.Emulators.Topics.Engine;

/// <summary>A topic as stored: its user-settable attributes (DisplayName, Policy, DeliveryPolicy,
/// ContentBasedDeduplication, …) and tags; the computed ones are added when read.</summary>
public sealed record Topic(string Arn, string Name, bool Fifo, IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Tags)
{
    public bool ContentBasedDeduplication =>
        Attributes.TryGetValue(TopicAttributeNames.ContentBasedDeduplication, out var value) && value == "true";
}
