using Platform.Contracts.Dispatch;
using Platform.Triggers.Dispatch;

namespace Platform.Testing;

/// <summary>Every trigger's invocations pass here on their way to the function, so a test sees the
/// exact event each one carried (the platform's own log keeps outcomes, not payloads).</summary>
internal sealed class CapturingInvocationDispatcher(IInvocationDispatcher inner, InvocationRecorder recorder) : IInvocationDispatcher
{
    public async Task<FunctionInvoked> InvokeAsync(InvokeFunction request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await inner.InvokeAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        var error = result.Outcome == InvocationOutcome.Succeeded ? null : $"{result.ErrorType}: {result.ErrorMessage}".Trim(' ', ':');
        recorder.Add(new Invocation(request.FunctionName, request.RequestId, request.Trigger, request.Attempt, result.Outcome,
            request.Payload, result.ResponsePayload, error));
        return result;
    }
}
