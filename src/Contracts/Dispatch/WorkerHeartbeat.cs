namespace Platform.Contracts.Dispatch;

/// <summary>
/// What a `platform worker` publishes every few seconds (and once more, with
/// <see cref="Stopping"/>, when it shuts down), so `platform up` can show which workers are
/// connected and what each is running. Carries no work: losing one only makes a worker look late.
/// </summary>
public sealed record WorkerHeartbeat
{
    /// <summary>Unique per worker process (host name and process id).</summary>
    public required string WorkerId { get; init; }
    public required string Host { get; init; }
    public required int ProcessId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>How often this worker sends one; a receiver considers it lost after a few missed.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>The functions it consumes invocations of.</summary>
    public required IReadOnlyList<string> Functions { get; init; }

    /// <summary>Invocations running now, per function (functions with none are left out).</summary>
    public required IReadOnlyDictionary<string, int> InFlight { get; init; }

    /// <summary>Invocations it finished since it started.</summary>
    public required long Completed { get; init; }

    /// <summary>Sent once at shutdown: the worker stopped taking work and drains what it runs.</summary>
    public bool Stopping { get; init; }
}
