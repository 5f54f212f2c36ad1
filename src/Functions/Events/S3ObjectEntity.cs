using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>The object of an S3 event.</summary>
public sealed record S3ObjectEntity
{
    /// <summary>The key, form-URL-encoded as S3 sends it (<c>red flower.jpg</c> arrives as
    /// <c>red+flower.jpg</c>); use <see cref="DecodedKey"/> to address the object.</summary>
    [JsonPropertyName("key")]
    public string Key { get; init; } = "";

    /// <summary>Size in bytes; only on ObjectCreated events.</summary>
    [JsonPropertyName("size")]
    public long? Size { get; init; }

    /// <summary>The object's ETag (without quotes); only on ObjectCreated events.</summary>
    [JsonPropertyName("eTag")]
    public string? ETag { get; init; }

    /// <summary>The version id, when the bucket is versioned.</summary>
    [JsonPropertyName("versionId")]
    public string? VersionId { get; init; }

    /// <summary>A hex string that orders events for the same key: the greater hexadecimal value
    /// is the later event.</summary>
    [JsonPropertyName("sequencer")]
    public string? Sequencer { get; init; }

    /// <summary>The key as stored in the bucket (<see cref="Key"/> decoded).</summary>
    [JsonIgnore]
    public string DecodedKey => S3ObjectKey.Decode(Key);
}
