using System.Text.Json.Serialization;
using Platform.Functions.Serialization;

namespace Platform.Functions.Events;

/// <summary>One S3 event notification record (AWS's notification content structure).</summary>
public sealed record S3EventRecord
{
    /// <summary>The record format version, e.g. <c>2.1</c>.</summary>
    [JsonPropertyName("eventVersion")]
    public string EventVersion { get; init; } = "2.1";

    /// <summary>Always <c>aws:s3</c>.</summary>
    [JsonPropertyName("eventSource")]
    public string EventSource { get; init; } = "aws:s3";

    /// <summary>The bucket's region.</summary>
    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }

    /// <summary>When S3 finished the request; written as ISO-8601 UTC with milliseconds.</summary>
    [JsonPropertyName("eventTime")]
    [JsonConverter(typeof(AwsTimestampConverter))]
    public DateTimeOffset EventTime { get; init; }

    /// <summary>The event type without the <c>s3:</c> prefix, e.g. <c>ObjectCreated:Put</c>.</summary>
    [JsonPropertyName("eventName")]
    public string? EventName { get; init; }

    /// <summary>Who caused the event.</summary>
    [JsonPropertyName("userIdentity")]
    public S3UserIdentity? UserIdentity { get; init; }

    /// <summary>Details of the request that caused the event.</summary>
    [JsonPropertyName("requestParameters")]
    public S3RequestParameters? RequestParameters { get; init; }

    /// <summary>S3's request ids, for support.</summary>
    [JsonPropertyName("responseElements")]
    public S3ResponseElements? ResponseElements { get; init; }

    /// <summary>The bucket and object.</summary>
    [JsonPropertyName("s3")]
    public S3Entity S3 { get; init; } = new();
}
