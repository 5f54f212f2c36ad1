using Platform.Triggers.Dispatch;

namespace Platform.Host.Dashboard.History;

/// <summary>One stored invocation: the log entry and its row id, which orders the history and pages it.</summary>
internal sealed record InvocationRecord(long Id, InvocationLogEntry Entry);
