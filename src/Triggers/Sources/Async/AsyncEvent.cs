namespace Platform.Triggers.Sources.Async;

/// <summary>An event waiting on a function's async queue. The request id is fixed when the event is
/// enqueued, so every retry of it carries the same id, as in Lambda.</summary>
public sealed record AsyncEvent
{
    public required string RequestId { get; init; }
    public required string Payload { get; init; }

    /// <summary>What caused it, e.g. <c>s3:uploads</c>.</summary>
    public required string Trigger { get; init; }

    /// <summary>The S3 notification configuration id, when it came from one.</summary>
    public string? ConfigurationId { get; init; }
}
