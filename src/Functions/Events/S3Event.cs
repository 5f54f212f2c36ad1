using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>An S3 event notification as delivered to a function: <c>{"Records":[…]}</c>.</summary>
public sealed record S3Event
{
    /// <summary>The notification records; S3 sends one per event.</summary>
    [JsonPropertyName("Records")]
    public IReadOnlyList<S3EventRecord> Records { get; init; } = [];
}
