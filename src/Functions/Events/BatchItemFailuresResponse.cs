using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>
/// The partial-batch response for SQS and Kinesis mappings with ReportBatchItemFailures:
/// <c>{"batchItemFailures":[{"itemIdentifier":"…"}]}</c>. An empty list means the whole batch
/// succeeded; an item with a missing or unknown identifier fails the whole batch.
/// </summary>
public sealed record BatchItemFailuresResponse
{
    /// <summary>The items that failed: SQS message ids or Kinesis sequence numbers.</summary>
    [JsonPropertyName("batchItemFailures")]
    public IReadOnlyList<BatchItemFailure> BatchItemFailures { get; init; } = [];

    /// <summary>A response reporting every item as processed.</summary>
    public static BatchItemFailuresResponse Success { get; } = new();

    /// <summary>A response reporting the given items as failed.</summary>
    /// <param name="itemIdentifiers">SQS message ids or Kinesis sequence numbers.</param>
    /// <returns>The response.</returns>
    public static BatchItemFailuresResponse For(IEnumerable<string> itemIdentifiers) =>
        new() { BatchItemFailures = [.. itemIdentifiers.Select(id => new BatchItemFailure { ItemIdentifier = id })] };
}
