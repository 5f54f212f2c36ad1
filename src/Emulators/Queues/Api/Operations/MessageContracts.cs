namespace Platform.Emulators.Queues.Api.Operations;

// The message-level operations' requests and responses, named as in SQS's model (see QueueContracts).

internal sealed record MessageAttributeValueDto
{
    public string? DataType { get; init; }
    public string? StringValue { get; init; }
    public byte[]? BinaryValue { get; init; }
    public List<string>? StringListValues { get; init; }
    public List<byte[]>? BinaryListValues { get; init; }
}

internal sealed record SendMessageRequest
{
    public string? QueueUrl { get; init; }
    public string? MessageBody { get; init; }
    public int? DelaySeconds { get; init; }
    public Dictionary<string, MessageAttributeValueDto>? MessageAttributes { get; init; }
    public Dictionary<string, MessageAttributeValueDto>? MessageSystemAttributes { get; init; }
    public string? MessageDeduplicationId { get; init; }
    public string? MessageGroupId { get; init; }
}

internal sealed record SendMessageResponse
{
    public string? MD5OfMessageBody { get; init; }
    public string? MD5OfMessageAttributes { get; init; }
    public string? MD5OfMessageSystemAttributes { get; init; }
    public string? MessageId { get; init; }
    public string? SequenceNumber { get; init; }
}

internal sealed record SendMessageBatchRequestEntry
{
    public string? Id { get; init; }
    public string? MessageBody { get; init; }
    public int? DelaySeconds { get; init; }
    public Dictionary<string, MessageAttributeValueDto>? MessageAttributes { get; init; }
    public Dictionary<string, MessageAttributeValueDto>? MessageSystemAttributes { get; init; }
    public string? MessageDeduplicationId { get; init; }
    public string? MessageGroupId { get; init; }
}

internal sealed record SendMessageBatchRequest
{
    public string? QueueUrl { get; init; }
    public List<SendMessageBatchRequestEntry>? Entries { get; init; }
}

internal sealed record SendMessageBatchResultEntry
{
    public required string Id { get; init; }
    public required string MessageId { get; init; }
    public required string MD5OfMessageBody { get; init; }
    public string? MD5OfMessageAttributes { get; init; }
    public string? MD5OfMessageSystemAttributes { get; init; }
    public string? SequenceNumber { get; init; }
}

internal sealed record BatchResultErrorEntry(string Id, bool SenderFault, string Code, string Message);

internal sealed record SendMessageBatchResponse(IReadOnlyList<SendMessageBatchResultEntry> Successful, IReadOnlyList<BatchResultErrorEntry> Failed);

internal sealed record ReceiveMessageRequest
{
    public string? QueueUrl { get; init; }
    public List<string>? AttributeNames { get; init; }
    public List<string>? MessageSystemAttributeNames { get; init; }
    public List<string>? MessageAttributeNames { get; init; }
    public int? MaxNumberOfMessages { get; init; }
    public int? VisibilityTimeout { get; init; }
    public int? WaitTimeSeconds { get; init; }
    public string? ReceiveRequestAttemptId { get; init; }
}

internal sealed record MessageDto
{
    public required string MessageId { get; init; }
    public required string ReceiptHandle { get; init; }
    public required string MD5OfBody { get; init; }
    public required string Body { get; init; }
    public Dictionary<string, string>? Attributes { get; init; }
    public string? MD5OfMessageAttributes { get; init; }
    public Dictionary<string, MessageAttributeValueDto>? MessageAttributes { get; init; }
}

/// <summary>Messages null when none arrived: SQS then omits the member.</summary>
internal sealed record ReceiveMessageResponse(IReadOnlyList<MessageDto>? Messages);

internal sealed record DeleteMessageRequest
{
    public string? QueueUrl { get; init; }
    public string? ReceiptHandle { get; init; }
}

internal sealed record DeleteMessageBatchRequestEntry
{
    public string? Id { get; init; }
    public string? ReceiptHandle { get; init; }
}

internal sealed record DeleteMessageBatchRequest
{
    public string? QueueUrl { get; init; }
    public List<DeleteMessageBatchRequestEntry>? Entries { get; init; }
}

/// <summary>A successful entry of DeleteMessageBatch or ChangeMessageVisibilityBatch.</summary>
internal sealed record BatchResultEntry(string Id);

internal sealed record BatchIdsResponse(IReadOnlyList<BatchResultEntry> Successful, IReadOnlyList<BatchResultErrorEntry> Failed);

internal sealed record ChangeMessageVisibilityRequest
{
    public string? QueueUrl { get; init; }
    public string? ReceiptHandle { get; init; }
    public int? VisibilityTimeout { get; init; }
}

internal sealed record ChangeMessageVisibilityBatchRequestEntry
{
    public string? Id { get; init; }
    public string? ReceiptHandle { get; init; }
    public int? VisibilityTimeout { get; init; }
}

internal sealed record ChangeMessageVisibilityBatchRequest
{
    public string? QueueUrl { get; init; }
    public List<ChangeMessageVisibilityBatchRequestEntry>? Entries { get; init; }
}
