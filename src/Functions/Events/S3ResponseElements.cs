using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>S3's ids of the request that caused an event.</summary>
public sealed record S3ResponseElements
{
    /// <summary>The <c>x-amz-request-id</c> of the request.</summary>
    [JsonPropertyName("x-amz-request-id")]
    public string? XAmzRequestId { get; init; }

    /// <summary>The <c>x-amz-id-2</c> (host id) of the request.</summary>
    [JsonPropertyName("x-amz-id-2")]
    public string? XAmzId2 { get; init; }
}
