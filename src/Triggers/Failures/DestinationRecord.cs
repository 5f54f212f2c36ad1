using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Failures;

/// <summary>What a destination record says: which event, why it was given up, and the last failure.</summary>
public sealed record DestinationRecord
{
    public required string RequestId { get; init; }

    /// <summary>Qualified like Lambda's (<c>…:function:name:$LATEST</c>).</summary>
    public required string FunctionArn { get; init; }
    public required string Condition { get; init; }
    public required int ApproximateInvokeCount { get; init; }

    /// <summary>The original event JSON.</summary>
    public required string RequestPayload { get; init; }
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The last failed attempt, when known.</summary>
    public FunctionInvoked? LastFailure { get; init; }
}
