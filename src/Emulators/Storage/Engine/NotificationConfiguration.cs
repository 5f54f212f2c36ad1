using System.Text.Json.Serialization;

namespace Platform.Emulators.Storage.Engine;

/// <summary>A bucket's whole notification configuration: a PUT replaces it. Stored as JSON; a row
/// written before queues and topics existed reads with empty lists.</summary>
public sealed record NotificationConfiguration(IReadOnlyList<LambdaFunctionConfiguration> LambdaFunctionConfigurations)
{
    public static NotificationConfiguration Empty { get; } = new([]);

    public IReadOnlyList<QueueConfiguration> QueueConfigurations { get; init; } = [];
    public IReadOnlyList<TopicConfiguration> TopicConfigurations { get; init; } = [];

    /// <summary>Null: no EventBridgeConfiguration element.</summary>
    public EventBridgeConfiguration? EventBridge { get; init; }

    /// <summary>Every entry with a destination ARN, functions first, then queues, then topics.</summary>
    [JsonIgnore]
    public IEnumerable<NotificationEntry> Entries =>
        LambdaFunctionConfigurations.Concat<NotificationEntry>(QueueConfigurations).Concat(TopicConfigurations);

    [JsonIgnore]
    public bool IsEmpty => EventBridge is null && !Entries.Any();
}
