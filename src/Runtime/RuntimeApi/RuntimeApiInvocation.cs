using Platform.Runtime.Invocation;

namespace Platform.Runtime.RuntimeApi;

/// <summary>One invocation handed to a runtime: what /next returns, and the outcome its
/// /response, /error, /init/error or its process's exit settles — whichever comes first.</summary>
internal sealed class RuntimeApiInvocation(string requestId, string payload, DateTimeOffset deadline, string functionArn, InvocationOutput output)
{
    private readonly TaskCompletionSource<RuntimeApiResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId => requestId;
    public string Payload => payload;
    public DateTimeOffset Deadline => deadline;
    public string FunctionArn => functionArn;
    public InvocationOutput Output => output;
    public Task<RuntimeApiResult> Completion => _done.Task;

    /// <summary>The trace handed to the runtime (Lambda-Runtime-Trace-Id, traceparent); null: a made-up, unsampled one.</summary>
    public (string XRay, string TraceParent)? Trace { get; init; }

    /// <summary>Settles the outcome; false if it was already settled (the first report wins).</summary>
    public bool TryComplete(RuntimeApiResult result) => _done.TrySetResult(result);
}
