using Platform.Emulators.State;

namespace Platform.Testing;

/// <summary>
/// Every invocation since the last <see cref="PlatformTestHost.Reset"/>, in the order they finished.
/// Tests wait for what they expect with <see cref="WaitForAsync"/>: it returns the moment the
/// invocations are there and, on timeout, fails naming what did arrive.
/// </summary>
public sealed class InvocationRecorder
{
    private readonly Lock _gate = new();
    private readonly List<Invocation> _invocations = [];
    private readonly ChangeSignal _added = new();

    /// <summary>A copy of what was recorded so far.</summary>
    public IReadOnlyList<Invocation> All
    {
        get
        {
            lock (_gate)
                return [.. _invocations];
        }
    }

    /// <summary>The invocations of one function so far.</summary>
    public IReadOnlyList<Invocation> Of(string function)
    {
        lock (_gate)
            return _invocations.FindAll(i => i.Function == function);
    }

    /// <summary>Waits until <paramref name="function"/> was invoked <paramref name="count"/> times
    /// (those matching <paramref name="match"/>, when given) and returns them, oldest first.</summary>
    /// <param name="timeout">How long at most; 30 s when not given — generous, because a waiting test
    /// returns as soon as the invocations are there, and a loaded CI runner is slow to JIT the first ones.</param>
    /// <exception cref="TimeoutException">Naming what was invoked instead.</exception>
    public async Task<IReadOnlyList<Invocation>> WaitForAsync(string function, int count = 1, TimeSpan? timeout = null,
        Func<Invocation, bool>? match = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        while (true)
        {
            var version = _added.Version;
            var found = Of(function).Where(i => match?.Invoke(i) ?? true).ToList();
            if (found.Count >= count)
                return found;
            try
            {
                await _added.WaitAsync(version, Timeout.InfiniteTimeSpan, TimeProvider.System, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(Describe(function, count, found.Count, limit));
            }
        }
    }

    internal void Add(Invocation invocation)
    {
        lock (_gate)
            _invocations.Add(invocation);
        _added.Notify();
    }

    internal void Clear()
    {
        lock (_gate)
            _invocations.Clear();
    }

    private string Describe(string function, int expected, int matched, TimeSpan waited)
    {
        var all = All;
        var arrived = all.Count == 0
            ? "no function was invoked at all"
            : "what was invoked: " + string.Join("; ", all.GroupBy(i => i.Function)
                .Select(g => $"{g.Key} ×{g.Count()} [{string.Join(", ", g.Select(i => $"attempt {i.Attempt} {i.Outcome}{(i.Error is null ? "" : " (" + i.Error + ")")}"))}]"));
        return $"Expected {expected} invocation(s) of '{function}' within {waited.TotalSeconds:0.###} s but saw {matched}; {arrived}.";
    }
}
