using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>The bucket of an S3 event.</summary>
public sealed record S3BucketEntity
{
    /// <summary>The bucket name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>The bucket owner.</summary>
    [JsonPropertyName("ownerIdentity")]
    public S3UserIdentity? OwnerIdentity { get; init; }

    /// <summary>The bucket ARN, <c>arn:aws:s3:::name</c>.</summary>
    [JsonPropertyName("arn")]
    public string? Arn { get; init; }
}
