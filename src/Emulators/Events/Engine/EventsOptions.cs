namespace Platform.Emulators.Events.Engine;

/// <summary>Settings of the EventBridge emulator. Retry delays are shorter than AWS's (which spreads
/// 185 attempts over 24 hours) so a failing target shows up locally in seconds; the attempt count
/// and event age limits are AWS's and the target's RetryPolicy.</summary>
public sealed record EventsOptions
{
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";

    /// <summary>Delay before the first retry of a failed delivery; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(1);
}
