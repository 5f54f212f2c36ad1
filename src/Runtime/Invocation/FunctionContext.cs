using Microsoft.Extensions.Logging;
using Platform.Functions;

namespace Platform.Runtime.Invocation;

internal sealed class FunctionContext(
    string requestId,
    string functionName,
    string invokedFunctionArn,
    int memoryLimitInMB,
    InvocationDeadline deadline,
    TimeProvider time,
    ILogger logger,
    IReadOnlyDictionary<string, string> environment,
    InvocationOutput output,
    CancellationToken cancellationToken) : IFunctionContext
{
    /// <summary>When the invocation times out (given to a process as Lambda-Runtime-Deadline-Ms); a
    /// process handler moves it to the event's hand-over.</summary>
    public InvocationDeadline Deadline => deadline;

    /// <summary>What the invocation wrote, for the invocation log.</summary>
    public InvocationOutput Output => output;

    /// <summary>The invocation's trace, as a process gets it (Lambda-Runtime-Trace-Id and traceparent); null: untraced.</summary>
    public (string XRay, string TraceParent)? Trace { get; init; }

    /// <summary>Filled in by the handler that ran it (init duration, peak memory) for the REPORT line.</summary>
    public InvocationMetrics Metrics { get; } = new();

    public string RequestId => requestId;

    public string FunctionName => functionName;

    public string InvokedFunctionArn => invokedFunctionArn;

    public int MemoryLimitInMB => memoryLimitInMB;

    public TimeSpan RemainingTime
    {
        get
        {
            var left = deadline.At - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public ILogger Logger => logger;

    public CancellationToken CancellationToken => cancellationToken;

    public IReadOnlyDictionary<string, string> Environment => environment;
}
