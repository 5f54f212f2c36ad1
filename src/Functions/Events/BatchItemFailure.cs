using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>One failed item of a batch.</summary>
public sealed record BatchItemFailure
{
    /// <summary>The SQS message id or Kinesis sequence number of the failed item.</summary>
    [JsonPropertyName("itemIdentifier")]
    public string? ItemIdentifier { get; init; }
}
