using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Contracts.Dispatch;
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
    TriggerOptions options)
{
    public const int MaxSyncPayloadBytes = 6 * 1024 * 1024;
    public const int MaxAsyncPayloadBytes = 256 * 1024;
    public const string Trigger = "lambda:invoke";

    public async Task InvokeAsync(LambdaRequest request, string name)
    {
        var function = functions.Resolve(name, request.Query("Qualifier"));
        var invocationType = request.Header("X-Amz-Invocation-Type") ?? "RequestResponse";
        var payload = Payload(request.Body);
        var context = request.Context;

        switch (invocationType)
        {
            case "RequestResponse":
                var result = await invoker.InvokeAsync(new InvokeFunction
                {
                    RequestId = request.RequestId,
                    FunctionName = function.Name,
                    Payload = payload,
                    Trigger = Trigger,
                }, function.Timeout + options.InvokeTimeoutMargin, request.Aborted).ConfigureAwait(false);
                context.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
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
