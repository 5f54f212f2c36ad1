namespace Platform.Contracts.Dispatch;

/// <summary>The outcome of one invocation.</summary>
public sealed record FunctionInvoked
{
    public required string RequestId { get; init; }
    public required string FunctionName { get; init; }
    public required InvocationOutcome Outcome { get; init; }

    /// <summary>The function's result as JSON (null when it returned nothing or failed).</summary>
    public string? ResponsePayload { get; init; }

    /// <summary>Lambda's errorType (the exception type name, or <c>Sandbox.Timedout</c>).</summary>
    public string? ErrorType { get; init; }
    public string? ErrorMessage { get; init; }

    /// <summary>The error JSON the function's runtime posted, verbatim (Python's errorMessage, errorType,
    /// requestId, stackTrace; Node's errorType, errorMessage, trace) — what Lambda's Invoke returns as
    /// the body of a function error. Null when no runtime posted one (in-process, timeouts, crashes).</summary>
    public string? ErrorPayload { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
    public required double DurationMs { get; init; }

    /// <summary>Which process ran it (host name and process id).</summary>
    public string? Worker { get; init; }

    /// <summary>What the function wrote during the invocation (its stdout/stderr, or its logger's
    /// lines), the tail when long; null when it wrote nothing.</summary>
    public string? Logs { get; init; }
}
