namespace Platform.Emulators.Topics.Engine;

/// <summary>Publish's parameters (also one PublishBatch entry).</summary>
public sealed record PublishRequest
{
    public required string Message { get; init; }
    public string? Subject { get; init; }
    public string? MessageStructure { get; init; }
    public IReadOnlyDictionary<string, TopicAttribute> MessageAttributes { get; init; } = new Dictionary<string, TopicAttribute>();
    public string? MessageGroupId { get; init; }
    public string? MessageDeduplicationId { get; init; }
}
