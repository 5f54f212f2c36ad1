using Platform.Contracts.Dispatch;

namespace Platform.Testing;

/// <summary>One invocation of a function as a test sees it: the event it got and how it ended.</summary>
/// <param name="Function">The function's name.</param>
/// <param name="Trigger">What invoked it (<c>s3:uploads</c>, <c>sqs:orders</c>, <c>kinesis:clicks</c>, …).</param>
/// <param name="Attempt">1 for the first try; async retries and redeliveries count up.</param>
/// <param name="Payload">The event JSON exactly as the function received it.</param>
/// <param name="Error">The error type and message of a failed invocation.</param>
public sealed record Invocation(
    string Function,
    string RequestId,
    string Trigger,
    int Attempt,
    InvocationOutcome Outcome,
    string Payload,
    string? Response,
    string? Error)
{
    public bool Succeeded => Outcome == InvocationOutcome.Succeeded;

    public override string ToString() =>
        $"{Function} (attempt {Attempt}, {Trigger}, {Outcome}{(Error is null ? "" : ": " + Error)})";
}
