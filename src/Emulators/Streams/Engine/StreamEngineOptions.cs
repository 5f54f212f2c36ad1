namespace Platform.Emulators.Streams.Engine;

public sealed record StreamEngineOptions
{
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";

    /// <summary>Refuse writes beyond a shard's 1 MiB or 1,000 records per second with
    /// ProvisionedThroughputExceededException, as Kinesis does. Off by default: a local stream
    /// should not throttle a test that bursts.</summary>
    public bool EnforceShardLimits { get; init; }

    /// <summary>Shards of a stream created in ON_DEMAND mode (Kinesis starts them with 4).</summary>
    public int OnDemandShardCount { get; init; } = 4;

    /// <summary>Open shards a stream may have (Kinesis's default account quota is 500 per region
    /// for provisioned streams; exceeding it is LimitExceededException).</summary>
    public int MaxShardsPerStream { get; init; } = 500;
}
