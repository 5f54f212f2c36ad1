using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Platform.Functions;
using Platform.Runtime.Invocation;
using Platform.Runtime.Registry;

namespace Platform.Runtime.RuntimeApi;

/// <summary>
/// Runs a function as processes speaking the Lambda Runtime API, the way Lambda keeps execution
/// environments: a warm process serves invocation after invocation; a new one is started only when
/// every warm one is busy, so the number of processes follows the concurrency actually used (the
/// invoker's gate caps it at the function's). A process that timed out, crashed or failed to
/// initialize is discarded and the next invocation gets a fresh one.
/// </summary>
internal sealed partial class ProcessFunctionHandler(SandboxSpec spec, ILoggerFactory loggerFactory) : IFunctionHandler, ICodeReloadable, IAsyncDisposable
{
    private readonly ConcurrentStack<ProcessSandbox> _idle = new();
    private readonly ConcurrentDictionary<ProcessSandbox, byte> _all = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<ProcessFunctionHandler>();
    private int _generation;
    private volatile bool _retired;

    /// <summary>Processes alive now (warm or busy), for /_platform and tests.</summary>
    public int ProcessCount => _all.Count;

    public async Task<string?> InvokeAsync(string payloadJson, IFunctionContext context)
    {
        if (Encoding.UTF8.GetByteCount(payloadJson) > RuntimeApiLimits.MaxRequestBytes)
            throw new FunctionErrorException("RequestTooLargeException",
                $"Request must be smaller than {RuntimeApiLimits.MaxRequestBytes} bytes for the InvokeFunction operation");
        // A retired handler (its function was just reconfigured) still serves an invocation that
        // looked it up before: failing it would make a config reload cost an event a retry.

        var cancellationToken = context.CancellationToken;
        var output = (context as FunctionContext)?.Output ?? new InvocationOutput();
        var deadline = (context as FunctionContext)?.Deadline ?? DateTimeOffset.UtcNow + context.RemainingTime;
        var sandbox = TakeWarm() ?? await StartAsync(cancellationToken).ConfigureAwait(false);
        var invocation = new SandboxInvocation(context.RequestId, payloadJson, deadline, context.InvokedFunctionArn, output);

        SandboxResult result;
        try
        {
            result = await sandbox.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Timed out or shutting down: Lambda ends the environment; so do we (its process group).
            await DiscardAsync(sandbox).ConfigureAwait(false);
            throw;
        }

        if (result.Reusable && !sandbox.HasExited && sandbox.Generation == Volatile.Read(ref _generation) && !_retired)
            _idle.Push(sandbox);
        else
            await DiscardAsync(sandbox).ConfigureAwait(false);

        return result.Succeeded ? result.Payload : throw new FunctionErrorException(result.ErrorType!, result.ErrorMessage ?? "");
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

    private ProcessSandbox? TakeWarm()
    {
        var generation = Volatile.Read(ref _generation);
        while (_idle.TryPop(out var sandbox))
        {
            if (!sandbox.HasExited && sandbox.Generation == generation)
                return sandbox;
            // It died while warm (or is from older code): not worth an invocation.
            _ = DiscardAsync(sandbox).AsTask();
        }

        return null;
    }

    private async Task<ProcessSandbox> StartAsync(CancellationToken cancellationToken)
    {
        var sandbox = await ProcessSandbox.StartAsync(spec, Volatile.Read(ref _generation), loggerFactory, cancellationToken).ConfigureAwait(false);
        _all[sandbox] = 0;
        LogColdStart(_logger, spec.FunctionName, sandbox.ProcessId ?? 0, _all.Count);
        return sandbox;
    }

    private async Task DrainIdleAsync()
    {
        var stopping = new List<Task>();
        while (_idle.TryPop(out var sandbox))
            stopping.Add(DiscardAsync(sandbox).AsTask());
        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    private ValueTask DiscardAsync(ProcessSandbox sandbox)
    {
        _all.TryRemove(sandbox, out _);
        return sandbox.DisposeAsync();
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Debug, Message = "{Function}: cold start of process {ProcessId} ({Count} now)")]
    private static partial void LogColdStart(ILogger logger, string function, int processId, int count);
}
