namespace Platform.Contracts.Dispatch;

public enum InvocationOutcome
{
    Succeeded,
    Failed,
    TimedOut,
}
