using Platform.Runtime.Invocation;

namespace Platform.Runtime.RuntimeApi;

/// <summary>One invocation handed to a process: what /next returns, and the outcome its
/// /response, /error, /init/error or its exit settles — whichever comes first.</summary>
internal sealed class SandboxInvocation(string requestId, string payload, DateTimeOffset deadline, string functionArn, InvocationOutput output)
{
    private readonly TaskCompletionSource<SandboxResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId => requestId;
    public string Payload => payload;
    public DateTimeOffset Deadline => deadline;
    public string FunctionArn => functionArn;
    public InvocationOutput Output => output;
    public Task<SandboxResult> Completion => _done.Task;

    /// <summary>Settles the outcome; false if it was already settled (the first report wins).</summary>
    public bool TryComplete(SandboxResult result) => _done.TrySetResult(result);
}
