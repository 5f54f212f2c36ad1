using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>The <c>s3</c> part of a record: which configuration matched, the bucket and the object.</summary>
public sealed record S3Entity
{
    /// <summary>Always <c>1.0</c>.</summary>
    [JsonPropertyName("s3SchemaVersion")]
    public string S3SchemaVersion { get; init; } = "1.0";

    /// <summary>The id of the bucket notification configuration that matched.</summary>
    [JsonPropertyName("configurationId")]
    public string? ConfigurationId { get; init; }

    /// <summary>The bucket.</summary>
    [JsonPropertyName("bucket")]
    public S3BucketEntity Bucket { get; init; } = new();

    /// <summary>The object.</summary>
    [JsonPropertyName("object")]
    public S3ObjectEntity Object { get; init; } = new();
}
