using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>An identity in an S3 event (the requester, or a bucket's owner).</summary>
public sealed record S3UserIdentity
{
    /// <summary>The principal id.</summary>
    [JsonPropertyName("principalId")]
    public string? PrincipalId { get; init; }
}
