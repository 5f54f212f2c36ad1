using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Dispatch;

/// <summary>
/// Wraps the transport's invoker so every invocation — whatever carried it — gets one span, one
/// log line and one <see cref="InvocationLog"/> entry.
/// </summary>
public sealed partial class RecordingInvocationDispatcher(
    IInvocationDispatcher inner, InvocationLog log, ILogger<RecordingInvocationDispatcher> logger) : IInvocationDispatcher
{
    public async Task<FunctionInvoked> InvokeAsync(InvokeFunction request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var activity = TriggersTelemetry.Source.StartActivity("invoke " + request.FunctionName, ActivityKind.Client);
        activity?.SetTag("faas.invoked_name", request.FunctionName);
        activity?.SetTag("faas.invocation_id", request.RequestId);
        activity?.SetTag("faas.trigger", request.Trigger);
        activity?.SetTag("platform.attempt", request.Attempt);
        // The runtime's span and the function's _X_AMZN_TRACE_ID / traceparent continue this span.
        if (activity is not null)
            request = request with { TraceParent = activity.Id };

        var result = await inner.InvokeAsync(request, timeout, cancellationToken).ConfigureAwait(false);

        if (TriggersTelemetry.Invocations.Enabled)
        {
            TriggersTelemetry.Invocations.Add(1, new("function", request.FunctionName), new("trigger", request.Trigger), new("outcome", result.Outcome.ToString()));
            TriggersTelemetry.InvocationDuration.Record(result.DurationMs, new KeyValuePair<string, object?>("function", request.FunctionName));
            if (result.Outcome != InvocationOutcome.Succeeded)
                TriggersTelemetry.Errors.Add(1, new("function", request.FunctionName), new("trigger", request.Trigger), new("error_type", result.ErrorType ?? result.Outcome.ToString()));
        }

        var error = result.Outcome == InvocationOutcome.Succeeded ? null : $"{result.ErrorType}: {result.ErrorMessage}";
        log.Add(new InvocationLogEntry(request.RequestId, request.FunctionName, request.Trigger, request.Attempt,
            result.Outcome, result.StartedAt, result.DurationMs, error, result.Worker, result.Logs,
            request.Payload, result.ResponsePayload ?? result.ErrorPayload, result.ErrorType));
        if (result.Outcome == InvocationOutcome.Succeeded)
        {
            LogSucceeded(logger, request.FunctionName, request.RequestId, request.Trigger, request.Attempt, result.DurationMs);
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
            LogFailed(logger, request.FunctionName, request.RequestId, request.Trigger, request.Attempt, result.Outcome,
                result.DurationMs, result.ErrorType, result.ErrorMessage);
        }

        return result;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Invoked {Function} ({RequestId}, {Trigger}, attempt {Attempt}): Succeeded in {DurationMs:0.0} ms")]
    private static partial void LogSucceeded(ILogger logger, string function, string requestId, string trigger, int attempt, double durationMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Invoked {Function} ({RequestId}, {Trigger}, attempt {Attempt}): {Outcome} in {DurationMs:0.0} ms — {ErrorType}: {ErrorMessage}")]
    private static partial void LogFailed(ILogger logger, string function, string requestId, string trigger, int attempt,
        InvocationOutcome outcome, double durationMs, string? errorType, string? errorMessage);
}
