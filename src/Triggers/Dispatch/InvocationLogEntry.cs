using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Dispatch;

/// <summary>One invocation as GET /_platform/invocations shows it.</summary>
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
    string? Logs = null);
