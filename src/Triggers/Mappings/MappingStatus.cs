namespace Platform.Triggers.Mappings;

/// <summary>What /_platform shows about a running mapping.</summary>
public sealed record MappingStatus
{
    public bool Healthy { get; init; } = true;
    public string? LastError { get; init; }
    public DateTimeOffset? LastProcessedAt { get; init; }

    /// <summary>Batches being invoked now.</summary>
    public int InFlightBatches { get; init; }

    /// <summary>Streams: now − arrival of the last record of the last finished batch (AWS's
    /// IteratorAge), in milliseconds; null for queues or before the first batch.</summary>
    public double? IteratorAgeMs { get; init; }

    /// <summary>Streams: shard id → last checkpointed sequence number (null: nothing yet).</summary>
    public IReadOnlyDictionary<string, string?> ShardPositions { get; init; } = new Dictionary<string, string?>();
}
