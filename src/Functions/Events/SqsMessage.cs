using System.Text.Json.Serialization;

namespace Platform.Functions.Events;

/// <summary>One SQS message in an <see cref="SqsEvent"/>.</summary>
public sealed record SqsMessage
{
    /// <summary>The message id; the <c>itemIdentifier</c> to report it as a batch item failure.</summary>
    [JsonPropertyName("messageId")]
    public string MessageId { get; init; } = "";

    /// <summary>The receipt handle of this receive.</summary>
    [JsonPropertyName("receiptHandle")]
    public string? ReceiptHandle { get; init; }

    /// <summary>The message body.</summary>
    [JsonPropertyName("body")]
    public string Body { get; init; } = "";

    /// <summary>System attributes (ApproximateReceiveCount, SentTimestamp, SenderId,
    /// ApproximateFirstReceiveTimestamp, and for FIFO MessageGroupId, …), all as strings.</summary>
    [JsonPropertyName("attributes")]
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>The sender's message attributes by name.</summary>
    [JsonPropertyName("messageAttributes")]
    public IReadOnlyDictionary<string, SqsMessageAttribute> MessageAttributes { get; init; } = new Dictionary<string, SqsMessageAttribute>();

    /// <summary>The MD5 of the body, hex.</summary>
    [JsonPropertyName("md5OfBody")]
    public string? Md5OfBody { get; init; }

    /// <summary>Always <c>aws:sqs</c>.</summary>
    [JsonPropertyName("eventSource")]
    public string EventSource { get; init; } = "aws:sqs";

    /// <summary>The queue ARN.</summary>
    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    /// <summary>The queue's region.</summary>
    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }
}
