using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>The request that caused an S3 event.</summary>
public sealed record S3RequestParameters
{
    /// <summary>The requester's IP address.</summary>
    [JsonPropertyName("sourceIPAddress")]
    public string? SourceIPAddress { get; init; }
}
