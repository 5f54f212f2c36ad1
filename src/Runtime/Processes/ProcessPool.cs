using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Platform.Functions;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;
using Platform.Runtime.RuntimeApi;

namespace Platform.Runtime.Processes;

/// <summary>
/// Runs a function as processes speaking the Lambda Runtime API, the way Lambda keeps execution
/// environments: a warm process serves invocation after invocation; a new one is started only when
/// every warm one is busy, so the number of processes follows the concurrency actually used (the
/// invoker's gate caps it at the function's). A process that timed out, crashed or failed to
/// initialize is discarded and the next invocation gets a fresh one.
/// </summary>
internal sealed partial class ProcessPool(Task<ProcessSpec> specification, ProcessGroupLedger ledger, ILoggerFactory loggerFactory)
    : IFunctionHandler, ICodeReloadable, IStoppableHandler, IAsyncDisposable
{
    private readonly ConcurrentStack<FunctionProcess> _idle = new();
    private readonly ConcurrentDictionary<FunctionProcess, byte> _all = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<ProcessPool>();
    private int _generation;
    private volatile bool _retired;

    /// <summary>Processes alive now (warm or busy), for /_platform and tests.</summary>
    public int ProcessCount => _all.Count;

    public async Task<string?> InvokeAsync(string payloadJson, IFunctionContext context)
    {
        if (Encoding.UTF8.GetByteCount(payloadJson) > RuntimeApiLimits.MaxRequestBytes)
            throw new FunctionErrorException("RequestTooLargeException",
                $"Request must be smaller than {RuntimeApiLimits.MaxRequestBytes} bytes for the InvokeFunction operation");
        // A retired pool (its function was just reconfigured) still serves an invocation that
        // looked it up before: failing it would make a config reload cost an event a retry.

        var cancellationToken = context.CancellationToken;
        var functionContext = context as FunctionContext;
        var output = functionContext?.Output ?? new InvocationOutput();
        var fixedDeadline = DateTimeOffset.UtcNow + context.RemainingTime;
        Func<DateTimeOffset> handOver = functionContext is null ? () => fixedDeadline : functionContext.Deadline.StartNow;
        var process = TakeWarm();
        var cold = process is null;
        if (cold)
            functionContext?.Deadline.BeginInit();
        process ??= await StartAsync(cancellationToken).ConfigureAwait(false);
        var invocation = new RuntimeApiInvocation(context.RequestId, payloadJson, handOver, context.InvokedFunctionArn, output)
        {
            Trace = functionContext?.Trace,
        };

        RuntimeApiResult result;
        try
        {
            result = await process.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Report(functionContext, process, cold);
            // Timed out or shutting down: Lambda ends the environment; so do we (its process group).
            await DiscardAsync(process).ConfigureAwait(false);
            throw;
        }

        Report(functionContext, process, cold);
        if (result.Reusable && !process.HasExited && process.Generation == Volatile.Read(ref _generation) && !_retired)
            _idle.Push(process);
        else
            await DiscardAsync(process).ConfigureAwait(false);

        return result.Succeeded ? result.Payload : throw new FunctionErrorException(result.ErrorType!, result.ErrorMessage ?? "", result.ErrorPayload);
    }

    private static void Report(FunctionContext? context, FunctionProcess process, bool cold)
    {
        if (context is null)
            return;
        context.Metrics.InitDuration = cold ? process.InitDuration : null;
        context.Metrics.MaxMemoryUsedMb = process.MaxMemoryUsedMb;
    }

    /// <summary>The code changed: warm processes are stopped now, busy ones once their invocation
    /// finishes; new invocations start processes on the new code.</summary>
    public Task ReloadCodeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        return DrainIdleAsync();
    }

    /// <summary>Replaced or removed: the same as a reload, and no new processes.</summary>
    public async ValueTask DisposeAsync()
    {
        _retired = true;
        await DrainIdleAsync().ConfigureAwait(false);
    }

    /// <summary>The platform stops: every process goes, busy or not.</summary>
    public async Task StopAllAsync()
    {
        _retired = true;
        await Task.WhenAll(_all.Keys.Select(s => DiscardAsync(s).AsTask())).ConfigureAwait(false);
    }

    private FunctionProcess? TakeWarm()
    {
        var generation = Volatile.Read(ref _generation);
        while (_idle.TryPop(out var process))
        {
            if (!process.HasExited && process.Generation == generation)
                return process;
            // It died while warm (or is from older code): not worth an invocation.
            _ = DiscardAsync(process).AsTask();
        }

        return null;
    }

    private async Task<FunctionProcess> StartAsync(CancellationToken cancellationToken)
    {
        // A managed runtime's spec may still be finding its interpreter (see ProcessHandlerFactory.Create).
        var spec = await specification.WaitAsync(cancellationToken).ConfigureAwait(false);
        var process = await FunctionProcess.StartAsync(spec, Volatile.Read(ref _generation), ledger, loggerFactory, cancellationToken).ConfigureAwait(false);
        _all[process] = 0;
        LogColdStart(_logger, spec.FunctionName, process.ProcessId ?? 0, _all.Count);
        return process;
    }

    private async Task DrainIdleAsync()
    {
        var stopping = new List<Task>();
        while (_idle.TryPop(out var process))
            stopping.Add(DiscardAsync(process).AsTask());
        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    private ValueTask DiscardAsync(FunctionProcess process)
    {
        _all.TryRemove(process, out _);
        return process.DisposeAsync();
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Debug, Message = "{Function}: cold start of process {ProcessId} ({Count} now)")]
    private static partial void LogColdStart(ILogger logger, string function, int processId, int count);
}
