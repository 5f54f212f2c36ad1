using System.Text.Json.Serialization;

namespace Platform.Emulators.Queues.Api.Operations;

// The queue-level operations' requests and responses. Property names are SQS's member names, so
// the JSON codec (de)serializes these records as they are and the query codec reads the same names
// from form fields. Null means "not given" on requests and "omitted" on responses.

internal sealed record CreateQueueRequest
{
    public string? QueueName { get; init; }
    public Dictionary<string, string>? Attributes { get; init; }

    // SQS's model spells this member in lower case (JSON "tags"); TagQueue's is "Tags".
    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; init; }
}

internal sealed record QueueUrlResponse(string QueueUrl);

internal sealed record GetQueueUrlRequest
{
    public string? QueueName { get; init; }
    public string? QueueOwnerAWSAccountId { get; init; }
}

internal sealed record ListQueuesRequest
{
    public string? QueueNamePrefix { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
}

internal sealed record ListQueuesResponse(IReadOnlyList<string> QueueUrls, string? NextToken);

/// <summary>Every operation that names nothing but its queue: DeleteQueue, PurgeQueue, ListQueueTags.</summary>
internal sealed record QueueRequest
{
    public string? QueueUrl { get; init; }
}

internal sealed record GetQueueAttributesRequest
{
    public string? QueueUrl { get; init; }
    public List<string>? AttributeNames { get; init; }
}

internal sealed record QueueAttributesResponse(IReadOnlyDictionary<string, string> Attributes);

internal sealed record SetQueueAttributesRequest
{
    public string? QueueUrl { get; init; }
    public Dictionary<string, string>? Attributes { get; init; }
}

internal sealed record ListDeadLetterSourceQueuesRequest
{
    public string? QueueUrl { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
}

internal sealed record ListDeadLetterSourceQueuesResponse(
    [property: JsonPropertyName("queueUrls")] IReadOnlyList<string> QueueUrls,
    string? NextToken);

internal sealed record TagQueueRequest
{
    public string? QueueUrl { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
}

internal sealed record UntagQueueRequest
{
    public string? QueueUrl { get; init; }
    public List<string>? TagKeys { get; init; }
}

internal sealed record QueueTagsResponse(IReadOnlyDictionary<string, string> Tags);

/// <summary>The answer of an operation that returns nothing: <c>{}</c> in JSON, only the
/// ResponseMetadata in XML.</summary>
internal sealed record EmptyResponse
{
    public static EmptyResponse Instance { get; } = new();
}
