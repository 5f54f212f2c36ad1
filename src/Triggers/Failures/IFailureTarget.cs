namespace Platform.Triggers.Failures;

/// <summary>
/// The work an outcome is about, as its source settles it: what "move past it", "let it come back"
/// and "run it again" mean there (SQS: delete / leave until the visibility timeout; async: delete /
/// change visibility; Kinesis: checkpoint / push the records back on the lane). A source implements
/// only the outcomes its policy returns; the others are not supported.
/// </summary>
public interface IFailureTarget
{
    /// <summary>Lets the source move past the work for good (delete, checkpoint).</summary>
    Task AcknowledgeAsync(CancellationToken cancellationToken);

    /// <summary>The record the destination gets (written by <see cref="DestinationRecordBuilder"/>).</summary>
    DestinationRecord DestinationRecord(string condition) => throw new NotSupportedException("This source sends no destination records.");

    Task RetryAfterAsync(TimeSpan? delay, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This source does not retry later.");

    Task RetryNowAsync(CancellationToken cancellationToken) => throw new NotSupportedException("This source does not retry at once.");

    Task BisectAsync(CancellationToken cancellationToken) => throw new NotSupportedException("This source does not bisect.");
}
