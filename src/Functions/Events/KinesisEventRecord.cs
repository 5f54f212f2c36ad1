using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>One record of a <see cref="KinesisEvent"/>: the Kinesis record and where it came from.</summary>
public sealed record KinesisEventRecord
{
    /// <summary>The record itself.</summary>
    [JsonPropertyName("kinesis")]
    public KinesisRecord Kinesis { get; init; } = new();

    /// <summary>Always <c>aws:kinesis</c>.</summary>
    [JsonPropertyName("eventSource")]
    public string EventSource { get; init; } = "aws:kinesis";

    /// <summary>Always <c>1.0</c>.</summary>
    [JsonPropertyName("eventVersion")]
    public string EventVersion { get; init; } = "1.0";

    /// <summary><c>shardId-…:sequenceNumber</c>.</summary>
    [JsonPropertyName("eventID")]
    public string? EventId { get; init; }

    /// <summary>Always <c>aws:kinesis:record</c>.</summary>
    [JsonPropertyName("eventName")]
    public string EventName { get; init; } = "aws:kinesis:record";

    /// <summary>The ARN of the role the mapping reads the stream with.</summary>
    [JsonPropertyName("invokeIdentityArn")]
    public string? InvokeIdentityArn { get; init; }

    /// <summary>The stream's region.</summary>
    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }

    /// <summary>The stream ARN.</summary>
    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }
}
