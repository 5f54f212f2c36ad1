using MassTransit;
using Platform.Contracts.Dispatch;

namespace Platform.Triggers.Dispatch;

/// <summary>
/// Sends <see cref="InvokeFunction"/> to the function's dispatch endpoint and awaits
/// <see cref="FunctionInvoked"/> — the same code path for the in-memory and the RabbitMQ transport.
/// A broker transport registers an <see cref="IDispatchReadiness"/>, so a request waits for a lost
/// connection to come back rather than failing the attempt at once.
/// </summary>
public sealed class MassTransitInvocationDispatcher(IClientFactory clients, TimeProvider time, IDispatchReadiness? readiness = null) : IInvocationDispatcher
{
    public async Task<FunctionInvoked> InvokeAsync(InvokeFunction request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            if (readiness is not null && !await readiness.WaitUntilReadyAsync(timeout, cancellationToken).ConfigureAwait(false))
                return Failure(request, startedAt, started, InvocationOutcome.Failed, "Platform.DispatchUnavailable",
                    $"RequestId: {request.RequestId} Error: the dispatch transport was unavailable for {timeout.TotalSeconds:0.###} seconds");

            var left = timeout - time.GetElapsedTime(started);
            var client = clients.CreateRequestClient<InvokeFunction>(
                DispatchAddresses.Address(request.FunctionName),
                RequestTimeout.After(ms: (int)Math.Clamp(left.TotalMilliseconds, 1, int.MaxValue)));
            // A request nobody started before the invoker gave up expires on the broker's queue
            // instead of running later as a duplicate of the retry.
            var response = await client.GetResponse<FunctionInvoked>(request, context => context.TimeToLive = left, cancellationToken)
                .ConfigureAwait(false);
            return response.Message;
        }
        catch (RequestTimeoutException)
        {
            // Nobody answered: the worker died, or the endpoint is not consumed. Same effect as a
            // function timeout for the retry rules.
            return Failure(request, startedAt, started, InvocationOutcome.TimedOut, "Sandbox.Timedout",
                $"RequestId: {request.RequestId} Error: no answer from function {request.FunctionName} within {timeout.TotalSeconds:0.###} seconds");
        }
        catch (RequestFaultException ex)
        {
            var type = ex.Fault?.Exceptions?.FirstOrDefault()?.ExceptionType;
            return Failure(request, startedAt, started, InvocationOutcome.Failed,
                type is null ? "Platform.DispatchFault" : type[(type.LastIndexOf('.') + 1)..], ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failure(request, startedAt, started, InvocationOutcome.Failed, "Platform.DispatchFailed", ex.Message);
        }
    }

    private FunctionInvoked Failure(InvokeFunction request, DateTimeOffset startedAt, long started,
        InvocationOutcome outcome, string errorType, string errorMessage) => new()
    {
        RequestId = request.RequestId,
        FunctionName = request.FunctionName,
        Outcome = outcome,
        ErrorType = errorType,
        ErrorMessage = errorMessage,
        StartedAt = startedAt,
        DurationMs = time.GetElapsedTime(started).TotalMilliseconds,
    };
}
