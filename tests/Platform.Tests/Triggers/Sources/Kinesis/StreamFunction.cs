using System.Threading.Channels;
using Platform.Contracts.Dispatch;
using Platform.Triggers.Dispatch;

namespace Platform.Tests.Triggers.Sources.Kinesis;

/// <summary>A function the test scripts: <see cref="Respond"/> decides each invocation's outcome
/// and response; every call is published on a channel; <see cref="Gate"/> can hold calls.</summary>
internal sealed class StreamFunction(TimeProvider time) : IInvocationDispatcher
{
    private readonly Channel<StreamInvocation> _calls = Channel.CreateUnbounded<StreamInvocation>();
    private readonly List<StreamInvocation> _all = [];

    public Func<StreamInvocation, (InvocationOutcome Outcome, string? Response)> Respond { get; set; } = _ => (InvocationOutcome.Succeeded, null);

    /// <summary>When set, calls await the task it returns for them before answering.</summary>
    public Func<StreamInvocation, Task>? Gate { get; set; }

    public IReadOnlyList<StreamInvocation> All
    {
        get { lock (_all) return _all.ToArray(); }
    }

    public async Task<FunctionInvoked> InvokeAsync(InvokeFunction request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var call = new StreamInvocation(request);
        lock (_all) _all.Add(call);
        _calls.Writer.TryWrite(call);
        if (Gate?.Invoke(call) is { } gate)
            await gate.WaitAsync(cancellationToken);

        var (outcome, response) = Respond(call);
        return new FunctionInvoked
        {
            RequestId = request.RequestId,
            FunctionName = request.FunctionName,
            Outcome = outcome,
            ResponsePayload = response,
            ErrorType = outcome == InvocationOutcome.Succeeded ? null : "System.InvalidOperationException",
            ErrorMessage = outcome == InvocationOutcome.Succeeded ? null : "poison",
            StartedAt = time.GetUtcNow(),
            DurationMs = 1,
        };
    }

    public async Task<StreamInvocation> NextCallAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _calls.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The next calls until they together carry <paramref name="records"/> records.</summary>
    public async Task<IReadOnlyList<StreamInvocation>> CallsCoveringAsync(int records)
    {
        var calls = new List<StreamInvocation>();
        while (calls.Sum(c => c.Records.Count) < records)
            calls.Add(await NextCallAsync());
        return calls;
    }
}
