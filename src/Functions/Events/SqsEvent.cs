using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>A batch of SQS messages from an event source mapping: <c>{"Records":[…]}</c>.</summary>
public sealed record SqsEvent
{
    /// <summary>The messages of the batch.</summary>
    [JsonPropertyName("Records")]
    public IReadOnlyList<SqsMessage> Records { get; init; } = [];
}
