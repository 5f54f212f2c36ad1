using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Dispatch;

/// <summary>One invocation as GET /_platform/invocations shows it. <see cref="Payload"/> and
/// <see cref="Response"/> travel to the durable history (the dashboard's detail view and replay);
/// the in-memory ring drops them so it does not pin a thousand event bodies.</summary>
public sealed record InvocationLogEntry(
    string RequestId,
    string Function,
    string Trigger,
    int Attempt,
    InvocationOutcome Outcome,
    DateTimeOffset StartedAt,
    double DurationMs,
    string? Error,
    string? Worker,
    string? Logs = null,
    string? Payload = null,
    string? Response = null,
    string? ErrorType = null)
{
    /// <summary>A cold start: the runtime's REPORT line carries an Init Duration only on the first
    /// invocation of an execution environment, as Lambda's does.</summary>
    public bool Cold => Logs?.Contains("Init Duration:", StringComparison.Ordinal) == true;
}
