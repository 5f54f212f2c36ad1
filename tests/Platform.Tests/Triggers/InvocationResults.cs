using Platform.Contracts.Dispatch;

namespace Platform.Tests.Triggers;

/// <summary>An invocation's outcome as a source's response evaluation sees it.</summary>
internal static class InvocationResults
{
    public static FunctionInvoked Of(InvocationOutcome outcome, string? response = null, DateTimeOffset? startedAt = null) => new()
    {
        RequestId = "r",
        FunctionName = "f",
        Outcome = outcome,
        ResponsePayload = response,
        StartedAt = startedAt ?? DateTimeOffset.UnixEpoch,
        DurationMs = 1,
    };
}
