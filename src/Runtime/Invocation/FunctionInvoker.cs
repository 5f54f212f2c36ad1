using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Dispatch;
using Platform.Contracts.Functions;
using Platform.Runtime.Registry;

namespace Platform.Runtime.Invocation;

/// <summary>
/// Runs one invocation the way Lambda does: at most the function's concurrency at once, cancelled
/// and reported as timed out at its deadline, a thrown exception reported as the function's error.
/// </summary>
public sealed partial class FunctionInvoker(
    FunctionRegistry registry,
    RuntimeOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<FunctionInvoker> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrencyGate> _gates = new(StringComparer.Ordinal);

    /// <summary>Runs the function; never throws for the function's own failures, only when
    /// <paramref name="cancellationToken"/> (shutdown) stops it, so the request is redelivered.</summary>
    public async Task<FunctionInvoked> InvokeAsync(InvokeFunction request, CancellationToken cancellationToken)
    {
        var function = registry.Get(request.FunctionName);
        if (function is null)
        {
            LogUnknownFunction(request.FunctionName, request.RequestId);
            return new FunctionInvoked
            {
                RequestId = request.RequestId,
                FunctionName = request.FunctionName,
                Outcome = InvocationOutcome.Failed,
                ErrorType = "ResourceNotFoundException",
                ErrorMessage = $"Function not found: {Arn(request.FunctionName)}",
                StartedAt = time.GetUtcNow(),
                DurationMs = 0,
                Worker = options.WorkerName,
            };
        }

        var gate = Gate(function.Definition.Name, function.Definition.Concurrency);
        await gate.Semaphore.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(function, request, cancellationToken);
        }
        finally
        {
            // Released when the outcome is reported, as Lambda frees the slot when it ends the
            // sandbox; a function that ignores its timeout keeps running but no longer counts.
            gate.Semaphore.Release();
        }
    }

    private async Task<FunctionInvoked> RunAsync(RegisteredFunction function, InvokeFunction request, CancellationToken cancellationToken)
    {
        var definition = function.Definition;
        using var activity = RuntimeTelemetry.StartInvocation("function " + definition.Name, request.TraceParent);
        activity?.SetTag("faas.name", definition.Name);
        activity?.SetTag("faas.invocation_id", request.RequestId);
        activity?.SetTag("faas.trigger", request.Trigger);

        var startedAt = time.GetUtcNow();
        using var timeout = new InvocationDeadline(definition.Timeout, time);
        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var output = new InvocationOutput();
        var functionLogger = new FunctionLogger(loggerFactory.CreateLogger("Function." + definition.Name), definition.Name, request.RequestId, output);
        var context = new FunctionContext(request.RequestId, definition.LambdaName, Arn(definition.Name), definition.MemorySize,
            timeout, time, functionLogger, function.Environment, output, invocation.Token)
        {
            Trace = RuntimeTelemetry.FunctionTrace(activity, request.TraceParent),
        };
        // Lambda's own runtimes frame every invocation's log with START / END / REPORT.
        var lambdaLog = ManagedRuntimes.IsManaged(definition.Runtime);
        if (lambdaLog)
            output.AppendLine($"START RequestId: {request.RequestId} Version: {definition.Version}");

        // The deadline runs before the function does, so it never runs past it unobserved; the
        // function runs on the thread pool, so one that blocks before its first await cannot hold
        // up the deadline. Shutdown stops the wait and is rethrown below.
        var work = Task.Run(() => function.Handler.InvokeAsync(request.Payload, context), CancellationToken.None);
        var first = await Task.WhenAny(work, timeout.Expired.WaitAsync(cancellationToken));

        FunctionInvoked Result(InvocationOutcome outcome, string? payload = null, string? errorType = null, string? errorMessage = null, string? errorPayload = null)
        {
            var duration = timeout.Elapsed.TotalMilliseconds;
            if (lambdaLog)
                LambdaLogLines.End(output, request.RequestId, definition, duration, context.Metrics, outcome == InvocationOutcome.TimedOut, time.GetUtcNow());
            return Invoked(outcome, payload, errorType, errorMessage, errorPayload, duration);
        }

        FunctionInvoked Invoked(InvocationOutcome outcome, string? payload, string? errorType, string? errorMessage, string? errorPayload, double duration) => new()
        {
            RequestId = request.RequestId,
            FunctionName = definition.Name,
            Outcome = outcome,
            ResponsePayload = payload,
            ErrorType = errorType,
            ErrorMessage = errorMessage,
            ErrorPayload = errorPayload,
            StartedAt = startedAt,
            DurationMs = duration,
            Worker = options.WorkerName,
            Logs = output.Text,
        };

        if (first != work)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Observe its eventual failure so it does not surface as an unobserved task exception.
            _ = work.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return TimedOut((o, p, t, m) => Result(o, p, t, m), definition.Timeout, request, ignoredCancellation: !work.IsCompleted);
        }

        try
        {
            var payload = await work;
            var result = Result(InvocationOutcome.Succeeded, payload);
            LogSucceeded(definition.Name, request.RequestId, result.DurationMs);
            return result;
        }
        catch (OperationCanceledException) when (timeout.Token.IsCancellationRequested)
        {
            return TimedOut((o, p, t, m) => Result(o, p, t, m), definition.Timeout, request, ignoredCancellation: false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var errorType = e is FunctionErrorException functionError ? functionError.ErrorType : e.GetType().Name;
            var result = Result(InvocationOutcome.Failed, errorType: errorType, errorMessage: e.Message, errorPayload: (e as FunctionErrorException)?.Payload);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            if (e is FunctionErrorException)
                LogFunctionError(definition.Name, request.RequestId, result.DurationMs, errorType, e.Message);
            else
                LogFailed(definition.Name, request.RequestId, result.DurationMs, e);
            return result;
        }
    }

    private FunctionInvoked TimedOut(Func<InvocationOutcome, string?, string?, string?, FunctionInvoked> result, TimeSpan limit, InvokeFunction request, bool ignoredCancellation)
    {
        var seconds = limit.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
        if (ignoredCancellation)
            LogIgnoredTimeout(request.FunctionName, request.RequestId, seconds);
        else
            LogTimedOut(request.FunctionName, request.RequestId, seconds);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, "Sandbox.Timedout");
        return result(InvocationOutcome.TimedOut, null, "Sandbox.Timedout", $"RequestId: {request.RequestId} Error: Task timed out after {seconds} seconds");
    }

    private string Arn(string functionName) => FunctionDefinition.ArnOf(options.Region, options.AccountId, functionName);

    private ConcurrencyGate Gate(string name, int limit)
    {
        var gate = _gates.GetOrAdd(name, _ => new ConcurrencyGate(limit));
        if (gate.Limit == limit)
            return gate;
        // The limit changed (config reload): invocations holding the old gate release to it.
        var replacement = new ConcurrencyGate(limit);
        return _gates.TryUpdate(name, replacement, gate) ? replacement : _gates[name];
    }

    private sealed record ConcurrencyGate(int Limit)
    {
        public SemaphoreSlim Semaphore { get; } = new(Limit, Limit);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{FunctionName} {RequestId} succeeded in {DurationMs:F1} ms")]
    private partial void LogSucceeded(string functionName, string requestId, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName} {RequestId} failed after {DurationMs:F1} ms")]
    private partial void LogFailed(string functionName, string requestId, double durationMs, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName} {RequestId} failed after {DurationMs:F1} ms: {ErrorType}: {ErrorMessage}")]
    private partial void LogFunctionError(string functionName, string requestId, double durationMs, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName} {RequestId} timed out after {Seconds} seconds")]
    private partial void LogTimedOut(string functionName, string requestId, string seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FunctionName} {RequestId} timed out after {Seconds} seconds and ignored its cancellation token; it is left running but no longer counts against its concurrency")]
    private partial void LogIgnoredTimeout(string functionName, string requestId, string seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No function named {FunctionName} is registered here (request {RequestId})")]
    private partial void LogUnknownFunction(string functionName, string requestId);
}
