namespace Platform.Emulators.Queues.Api.Operations;

// Dead-letter queue redrive (message move tasks), named as in SQS's model (see QueueContracts).

internal sealed record StartMessageMoveTaskRequest
{
    public string? SourceArn { get; init; }
    public string? DestinationArn { get; init; }
    public int? MaxNumberOfMessagesPerSecond { get; init; }
}

internal sealed record StartMessageMoveTaskResponse(string TaskHandle);

internal sealed record ListMessageMoveTasksRequest
{
    public string? SourceArn { get; init; }
    public int? MaxResults { get; init; }
}

internal sealed record MessageMoveTaskDto
{
    public string? TaskHandle { get; init; }
    public required string Status { get; init; }
    public required string SourceArn { get; init; }
    public string? DestinationArn { get; init; }
    public int? MaxNumberOfMessagesPerSecond { get; init; }
    public long ApproximateNumberOfMessagesMoved { get; init; }
    public long? ApproximateNumberOfMessagesToMove { get; init; }
    public string? FailureReason { get; init; }
    public long StartedTimestamp { get; init; }
}

internal sealed record ListMessageMoveTasksResponse(IReadOnlyList<MessageMoveTaskDto> Results);

internal sealed record CancelMessageMoveTaskRequest
{
    public string? TaskHandle { get; init; }
}

internal sealed record CancelMessageMoveTaskResponse(long ApproximateNumberOfMessagesMoved);
