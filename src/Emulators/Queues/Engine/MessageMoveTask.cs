namespace Platform.Emulators.Queues.Engine;

/// <summary>A snapshot of a dead-letter queue redrive (SQS's ListMessageMoveTasksResultEntry).
/// <see cref="DestinationArn"/> null: each message goes back to the queue it was dead-lettered from.</summary>
public sealed record MessageMoveTask
{
    public required string TaskHandle { get; init; }
    public required string Status { get; init; }
    public required string SourceArn { get; init; }
    public string? DestinationArn { get; init; }
    public int? MaxNumberOfMessagesPerSecond { get; init; }
    public long ApproximateNumberOfMessagesMoved { get; init; }
    public long ApproximateNumberOfMessagesToMove { get; init; }
    public string? FailureReason { get; init; }
    public DateTimeOffset StartedTimestamp { get; init; }
}
