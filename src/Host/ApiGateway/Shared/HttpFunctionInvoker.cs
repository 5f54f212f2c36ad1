using Platform.Contracts.Dispatch;
using Platform.Host.Lambda;
using Platform.Triggers;
using Platform.Triggers.Dispatch;

namespace Platform.Host.ApiGateway;

/// <summary>
/// The synchronous invocation behind every HTTP front end (function URLs, HTTP APIs, REST APIs): the
/// same dispatch as Invoke (reserved concurrency, logs, /_platform/invocations), the function's
/// state checked first as Lambda does.
/// </summary>
internal sealed class HttpFunctionInvoker(
    LambdaFunctions functions,
    ControlPlane control,
    ReservedConcurrency reserved,
    IInvocationDispatcher invoker,
    TriggerOptions options)
{
    public string Region => functions.Region;
    public string AccountId => functions.AccountId;

    /// <summary>The function's result, or null when its reserved concurrency is exhausted (a throttle).</summary>
    /// <exception cref="LambdaException">The function (or alias) does not exist or is not Active.</exception>
    public async Task<FunctionInvoked?> InvokeAsync(string functionName, string? qualifier, string requestId, string payload, string trigger,
        CancellationToken cancellationToken)
    {
        qualifier = qualifier is null or "$LATEST" ? null : qualifier;
        var api = control.Find(functionName);
        if (api is not null && qualifier is null && control.Registrar.StateOf(api.Name) is { State: not "Active" } state)
            throw LambdaException.Conflict($"The operation cannot be performed at this time. The function is currently in the following state: {state.State}");
        var function = functions.Resolve(functionName, qualifier);
        var limit = api?.ReservedConcurrency;
        if (limit is { } reservedLimit && !reserved.TryEnter(api!.Name, reservedLimit))
            return null;
        try
        {
            return await invoker.InvokeAsync(new InvokeFunction
            {
                RequestId = requestId,
                FunctionName = function.Name,
                Payload = payload,
                Trigger = trigger,
            }, InvocationLimits.DispatchTimeout(function, options.InvokeTimeoutMargin), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (limit is not null)
                reserved.Exit(api!.Name);
        }
    }
}
