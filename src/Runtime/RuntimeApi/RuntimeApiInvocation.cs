using Platform.Runtime.Invocation;

namespace Platform.Runtime.RuntimeApi;

/// <summary>One invocation handed to a runtime: what /next returns, and the outcome its
/// /response, /error, /init/error or its process's exit settles — whichever comes first.</summary>
/// <param name="handOver">Called when /next hands the event over; starts the function's timeout
/// there (Lambda counts it from then, not from a cold start's init) and returns the deadline.</param>
internal sealed class RuntimeApiInvocation(string requestId, string payload, Func<DateTimeOffset> handOver, string functionArn, InvocationOutput output)
{
    private readonly TaskCompletionSource<RuntimeApiResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId => requestId;
    public string Payload => payload;
    /// <summary>The event is handed to the runtime now: its deadline (Lambda-Runtime-Deadline-Ms).</summary>
    public DateTimeOffset HandOver() => handOver();
    public string FunctionArn => functionArn;
    public InvocationOutput Output => output;
    public Task<RuntimeApiResult> Completion => _done.Task;

    /// <summary>The trace handed to the runtime (Lambda-Runtime-Trace-Id, traceparent); null: a made-up, unsampled one.</summary>
    public (string XRay, string TraceParent)? Trace { get; init; }

    /// <summary>Settles the outcome; false if it was already settled (the first report wins).</summary>
    public bool TryComplete(RuntimeApiResult result) => _done.TrySetResult(result);
}
