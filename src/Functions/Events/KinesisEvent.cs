using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>A batch of Kinesis records from one shard: <c>{"Records":[…]}</c>.</summary>
public sealed record KinesisEvent
{
    /// <summary>The records, in shard order.</summary>
    [JsonPropertyName("Records")]
    public IReadOnlyList<KinesisEventRecord> Records { get; init; } = [];
}
