using System.Threading.Channels;
using Platform.Contracts.Dispatch;
using Platform.Triggers.Dispatch;

namespace Platform.Tests.Triggers;

/// <summary>An invoker whose outcomes the test scripts. Every call is published on
/// <see cref="Calls"/>; with <see cref="Hold"/> set, calls wait until the test releases them.</summary>
internal sealed class ScriptedInvocationDispatcher(TimeProvider time) : IInvocationDispatcher
{
    private readonly Channel<InvokeFunction> _calls = Channel.CreateUnbounded<InvokeFunction>();
    private readonly List<InvokeFunction> _all = [];

    /// <summary>Decides each call's outcome; the default succeeds.</summary>
    public Func<InvokeFunction, InvocationOutcome> Outcome { get; set; } = _ => InvocationOutcome.Succeeded;

    /// <summary>The response payload of a successful call; the default is <c>null</c>.</summary>
    public Func<InvokeFunction, string?> Response { get; set; } = _ => "null";

    /// <summary>Raised when a call starts (before <see cref="Hold"/>).</summary>
    public event Action<InvokeFunction>? Started;

    /// <summary>When set, each call awaits it (honouring cancellation) before answering.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public IReadOnlyList<InvokeFunction> All
    {
        get { lock (_all) return _all.ToArray(); }
    }

    public async Task<FunctionInvoked> InvokeAsync(InvokeFunction request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_all) _all.Add(request);
        _calls.Writer.TryWrite(request);
        Started?.Invoke(request);
        if (Hold is { } hold)
            await hold.Task.WaitAsync(cancellationToken);

        var outcome = Outcome(request);
        return new FunctionInvoked
        {
            RequestId = request.RequestId,
            FunctionName = request.FunctionName,
            Outcome = outcome,
            ErrorType = outcome == InvocationOutcome.Succeeded ? null : "System.InvalidOperationException",
            ErrorMessage = outcome == InvocationOutcome.Succeeded ? null : $"attempt {request.Attempt} failed",
            ResponsePayload = outcome == InvocationOutcome.Succeeded ? Response(request) : null,
            StartedAt = time.GetUtcNow(),
            DurationMs = 1,
        };
    }

    /// <summary>The next call, or a failed test after a few seconds.</summary>
    public async Task<InvokeFunction> NextCallAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _calls.Reader.ReadAsync(timeout.Token);
    }
}
