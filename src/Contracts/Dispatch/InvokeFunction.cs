namespace Platform.Contracts.Dispatch;

/// <summary>The one request Triggers send to Runtime (MassTransit request/response): run a function
/// with a payload. Answered with <see cref="FunctionInvoked"/>.</summary>
public sealed record InvokeFunction
{
    public required string RequestId { get; init; }
    public required string FunctionName { get; init; }

    /// <summary>The event JSON, exactly as the function receives it.</summary>
    public required string Payload { get; init; }

    /// <summary>What caused the invocation, for the invocation log (e.g. <c>s3:uploads</c>).</summary>
    public required string Trigger { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the span that asked for the invocation, or null: the
    /// runtime's span continues it and the function gets it as <c>_X_AMZN_TRACE_ID</c> and <c>traceparent</c>.</summary>
    public string? TraceParent { get; init; }

    /// <summary>1 for the first try, 2 for the first retry, …</summary>
    public int Attempt { get; init; } = 1;
}
