using System.Text.Json.Serialization;

namespace Platform.Triggers.Mappings;

/// <summary>
/// One event source mapping — Lambda's CreateEventSourceMapping, with its options named as AWS
/// names them. A poller (SQS) or one worker per shard (Kinesis) feeds batches of the source to the
/// function. Options left null take the source kind's AWS default (see the per-kind rules).
/// </summary>
public sealed record EventSourceMapping
{
    /// <summary>Lambda's UUID. Mappings declared in platform.yaml get a stable one derived from
    /// function + source, so their state and checkpoints survive restarts and reloads.</summary>
    public required string Uuid { get; init; }

    /// <summary>The function's name (not its ARN).</summary>
    public required string FunctionName { get; init; }

    /// <summary>arn:aws:sqs:{region}:{account}:{queue} or arn:aws:kinesis:{region}:{account}:stream/{name}.</summary>
    public required string EventSourceArn { get; init; }

    /// <summary>Disabled mappings keep their checkpoints and do not poll. Survives restarts.</summary>
    public bool Enabled { get; init; } = true;

    public int? BatchSize { get; init; }
    public int? MaximumBatchingWindowInSeconds { get; init; }

    /// <summary>Empty, or <c>["ReportBatchItemFailures"]</c>.</summary>
    public IReadOnlyList<string> FunctionResponseTypes { get; init; } = [];

    /// <summary>FilterCriteria.Filters[].Pattern — EventBridge patterns, OR-ed; at most 5.</summary>
    public IReadOnlyList<string> FilterPatterns { get; init; } = [];

    /// <summary>ScalingConfig.MaximumConcurrency (SQS, 2–1000).</summary>
    public int? MaximumConcurrency { get; init; }

    // Streams only.
    /// <summary>TRIM_HORIZON, LATEST or AT_TIMESTAMP.</summary>
    public string? StartingPosition { get; init; }
    public DateTimeOffset? StartingPositionTimestamp { get; init; }
    public int? ParallelizationFactor { get; init; }
    public int? MaximumRetryAttempts { get; init; }
    public int? MaximumRecordAgeInSeconds { get; init; }
    public bool? BisectBatchOnFunctionError { get; init; }
    public int? TumblingWindowInSeconds { get; init; }

    /// <summary>DestinationConfig.OnFailure.Destination: an SQS queue ARN (streams only in AWS).</summary>
    public string? OnFailureDestination { get; init; }

    /// <summary>Where it was declared: <see cref="MappingOrigins.Config"/> (platform.yaml) or
    /// <see cref="MappingOrigins.Api"/> (the Lambda API).</summary>
    public string Origin { get; init; } = MappingOrigins.Api;

    public DateTimeOffset LastModified { get; init; }

    [JsonIgnore]
    public EventSourceKind Kind => EventSourceKinds.Of(EventSourceArn);

    [JsonIgnore]
    public bool ReportsBatchItemFailures =>
        FunctionResponseTypes.Contains(MappingResponseTypes.ReportBatchItemFailures, StringComparer.Ordinal);

    /// <summary>Same definition, ignoring <see cref="LastModified"/>: whether a stored mapping must
    /// be written again (and its worker restarted).</summary>
    public bool IsEquivalentTo(EventSourceMapping other)
    {
        ArgumentNullException.ThrowIfNull(other);
        // Records compare lists by reference: compare those by content, the rest as the record does.
        return this with
        {
            FunctionResponseTypes = other.FunctionResponseTypes,
            FilterPatterns = other.FilterPatterns,
            LastModified = other.LastModified,
        } == other
            && FunctionResponseTypes.SequenceEqual(other.FunctionResponseTypes, StringComparer.Ordinal)
            && FilterPatterns.SequenceEqual(other.FilterPatterns, StringComparer.Ordinal);
    }
}
