namespace Platform.Contracts.Functions;

/// <summary>How asynchronous invocations (S3 notifications) of a function are retried and where
/// exhausted events go — AWS's event invoke config.</summary>
public sealed record AsyncInvokeConfig
{
    /// <summary>0–2, AWS's default 2.</summary>
    public int MaximumRetryAttempts { get; init; } = 2;

    /// <summary>60–21600 seconds, AWS's default 21600 (6 hours).</summary>
    public int MaximumEventAgeInSeconds { get; init; } = 21600;

    /// <summary>Delay before each retry. AWS waits about 1 minute, then 2; the local default is
    /// 1 s then 2 s so tests and development stay quick. Set [60s, 120s] for AWS's timing.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>On-failure destination: an SQS queue name or ARN of the emulator, or null.</summary>
    public string? OnFailureDestination { get; init; }

    /// <summary>On-success destination (DestinationConfig.OnSuccess): an SQS queue name or ARN, or null.</summary>
    public string? OnSuccessDestination { get; init; }

    /// <summary>The legacy DeadLetterConfig target (an SQS queue ARN): given-up events go there as
    /// their bare payload, besides any on-failure destination.</summary>
    public string? DeadLetterTarget { get; init; }

    public TimeSpan RetryDelay(int retryNumber) =>
        RetryDelays.Count == 0 ? TimeSpan.Zero : RetryDelays[Math.Min(retryNumber, RetryDelays.Count) - 1];
}
