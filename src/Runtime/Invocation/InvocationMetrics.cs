namespace Platform.Runtime.Invocation;

/// <summary>What the runtime learned while running one invocation, for Lambda's REPORT line.</summary>
internal sealed class InvocationMetrics
{
    /// <summary>Set on a cold start: how long the execution environment took to initialize.</summary>
    public TimeSpan? InitDuration { get; set; }

    public int? MaxMemoryUsedMb { get; set; }
}
