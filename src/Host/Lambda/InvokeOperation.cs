using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Triggers;
using Platform.Triggers.Dispatch;
using Platform.Triggers.Sources.Async;

namespace Platform.Host.Lambda;

/// <summary>Invoke: RequestResponse runs the function through the dispatch seam and answers its
/// result (function errors are a 200 with X-Amz-Function-Error, as Lambda's); Event puts the
/// payload on the function's durable async queue — retries and on-failure destination included —
/// and answers 202 once it is stored; DryRun only checks the function exists.</summary>
internal sealed class InvokeOperation(
    LambdaFunctions functions,
    IInvocationDispatcher invoker,
    AsyncInvocationQueue asyncQueue,
    TriggerOptions options,
    ControlPlane control,
    ReservedConcurrency reserved,
    AliasRouting routing)
{
    public const int MaxSyncPayloadBytes = 6 * 1024 * 1024;
    public const int MaxAsyncPayloadBytes = 256 * 1024;
    public const string Trigger = "lambda:invoke";
    private const int TailBytes = 4096;

    public async Task InvokeAsync(LambdaRequest request, string name)
    {
        var qualifier = ControlPlane.Qualifier(request, name);
        var function = Resolve(name, qualifier, out var api, out var executedVersion);
        var invocationType = request.Header("X-Amz-Invocation-Type") ?? "RequestResponse";
        var logType = request.Header("X-Amz-Log-Type") ?? "None";
        if (logType is not ("None" or "Tail"))
            throw LambdaException.Validation("logType", logType, "Member must satisfy enum value set: [None, Tail]");
        var payload = Payload(request.Body);
        var context = request.Context;

        switch (invocationType)
        {
            case "RequestResponse":
                var limit = api?.ReservedConcurrency;
                if (limit is { } reservedLimit && !reserved.TryEnter(api!.Name, reservedLimit))
                {
                    context.Response.Headers["X-Amz-Executed-Version"] = executedVersion;
                    throw Throttled();
                }
                FunctionInvoked result;
                try
                {
                    result = await invoker.InvokeAsync(new InvokeFunction
                    {
                        RequestId = request.RequestId,
                        FunctionName = function.Name,
                        Payload = payload,
                        Trigger = Trigger,
                    }, InvocationLimits.DispatchTimeout(function, options), request.Aborted).ConfigureAwait(false);
                }
                finally
                {
                    if (limit is not null)
                        reserved.Exit(api!.Name);
                }
                if (logType == "Tail")
                    context.Response.Headers["X-Amz-Log-Result"] = Tail(result.Logs);
                context.Response.Headers["X-Amz-Executed-Version"] = executedVersion;
                if (result.Outcome == InvocationOutcome.Succeeded)
                {
                    await WriteRawAsync(context, result.ResponsePayload ?? "null", request.Aborted).ConfigureAwait(false);
                    return;
                }
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
                await LambdaResponses.WriteJsonAsync(context, StatusCodes.Status200OK, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("errorMessage", result.ErrorMessage ?? (result.Outcome == InvocationOutcome.TimedOut
                        ? $"Task timed out after {function.Timeout.TotalSeconds:0.00} seconds"
                        : "The function failed."));
                    json.WriteString("errorType", result.ErrorType ?? (result.Outcome == InvocationOutcome.TimedOut ? "Sandbox.Timedout" : "Unhandled"));
                    json.WriteEndObject();
                }).ConfigureAwait(false);
                return;

            case "Event":
                if (api is { ReservedConcurrency: 0 })
                    throw Throttled();
                if (Encoding.UTF8.GetByteCount(payload) > MaxAsyncPayloadBytes)
                {
                    throw new LambdaException(413, "RequestTooLargeException",
                        $"Request must be smaller than {MaxAsyncPayloadBytes} bytes for the InvokeAsync operation");
                }
                await asyncQueue.EnsureExistsAsync(function.Name, request.Aborted).ConfigureAwait(false);
                await asyncQueue.EnqueueAsync(function.Name, new AsyncEvent
                {
                    RequestId = request.RequestId,
                    Payload = payload,
                    Trigger = Trigger,
                }, request.Aborted).ConfigureAwait(false);
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return;

            case "DryRun":
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;

            default:
                throw LambdaException.Validation("invocationType", invocationType,
                    "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
    }

    /// <summary>The function to run: an API function must be Active (Lambda refuses Pending and
    /// Failed ones); a qualifier names a version or alias registered as <c>name:qualifier</c>.</summary>
    private FunctionDefinition Resolve(string name, string? qualifier, out FunctionRecord? api, out string executedVersion)
    {
        api = control.Find(name);
        executedVersion = "$LATEST";
        if (api is null)
            return functions.Resolve(name, qualifier);
        var version = control.Version(api.Name, qualifier);
        // An alias with RoutingConfig runs an additional version for its share of invocations.
        if (qualifier is not null && control.Store.Alias(api.Name, qualifier) is { } alias
            && routing.Choose(alias) is var chosen && chosen != alias.FunctionVersion
            && control.Store.Version(api.Name, chosen) is { } routed)
        {
            version = routed;
            qualifier = chosen;
        }
        executedVersion = version.Version;
        if (version.Version == "$LATEST" && control.Registrar.StateOf(api.Name) is { State: not "Active" } state)
        {
            throw LambdaException.Conflict($"The operation cannot be performed at this time. The function is currently in the following state: {state.State}"
                + (state.StateReason is { } reason && state.State == "Failed" ? $" ({reason})" : ""));
        }
        return functions.Resolve(api.Name, qualifier);
    }

    private static LambdaException Throttled() =>
        new(429, "TooManyRequestsException", "Rate Exceeded.") { Reason = "ReservedFunctionConcurrentInvocationLimitExceeded" };

    /// <summary>X-Amz-Log-Result: the last 4 KB of what the invocation logged, base64.</summary>
    private static string Tail(string? logs)
    {
        var bytes = Encoding.UTF8.GetBytes(logs ?? "");
        return Convert.ToBase64String(bytes.Length <= TailBytes ? bytes : bytes[^TailBytes..]);
    }

    // Lambda passes the payload on as JSON: an empty one is {}, anything not JSON is refused.
    private static string Payload(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
            return "{}";
        if (body.Length > MaxSyncPayloadBytes)
        {
            throw new LambdaException(413, "RequestTooLargeException",
                $"Request must be smaller than {MaxSyncPayloadBytes} bytes for the InvokeFunction operation");
        }
        try
        {
            using var document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw LambdaException.BadContent("Could not parse request body into json: the payload is not valid JSON.");
        }
        return Encoding.UTF8.GetString(body.Span);
    }

    private static async Task WriteRawAsync(HttpContext context, string body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
