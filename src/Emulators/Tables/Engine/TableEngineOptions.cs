namespace Platform.Emulators.Tables.Engine;

public sealed record TableEngineOptions
{
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";

    /// <summary>How often expired TTL items are looked for (on the engine's TimeProvider).</summary>
    public TimeSpan TtlSweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long stream records are kept: 24 hours, as DynamoDB Streams.</summary>
    public TimeSpan StreamRetention { get; init; } = TimeSpan.FromHours(24);
}
