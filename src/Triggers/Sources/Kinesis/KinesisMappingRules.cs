using System.Globalization;
using Platform.Triggers.Destinations;
using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// Lambda's CreateEventSourceMapping rules for a Kinesis stream source, as a pure function: AWS's
/// limits, its defaults filled in, and its error messages. Whether the stream and the on-failure
/// queue exist is the factory's check, not this one's.
/// </summary>
public static class KinesisMappingRules
{
    public const string TrimHorizon = "TRIM_HORIZON";
    public const string Latest = "LATEST";
    public const string AtTimestamp = "AT_TIMESTAMP";

    public const int DefaultBatchSize = 100;
    public const int MaxBatchSize = 10_000;
    public const int MaxBatchingWindowInSeconds = 300;
    public const int MaxParallelizationFactor = 10;
    public const int MaxRetryAttempts = 10_000;
    public const int MinRecordAgeInSeconds = 60;
    public const int MaxRecordAgeInSeconds = 604_800;
    public const int MaxTumblingWindowInSeconds = 900;

    /// <summary>The mapping with every stream option set (AWS's defaults where it left them out);
    /// throws <see cref="MappingValidationException"/> with AWS's error otherwise.</summary>
    public static EventSourceMapping Validate(EventSourceMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        // DynamoDB Streams mappings share every stream option (DynamoDbMappingRules narrows StartingPosition).
        if (mapping.Kind is not (EventSourceKind.Kinesis or EventSourceKind.DynamoDb))
            throw Invalid($"Unrecognized event source, must be kinesis stream: {mapping.EventSourceArn}");

        switch (mapping.StartingPosition)
        {
            case null or "":
                throw Invalid("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
            case TrimHorizon or Latest:
                if (mapping.StartingPositionTimestamp is not null)
                    throw Invalid("StartingPositionTimestamp can only be specified when StartingPosition is AT_TIMESTAMP.");
                break;
            case AtTimestamp:
                if (mapping.StartingPositionTimestamp is null)
                    throw Invalid("StartingPositionTimestamp must be specified when StartingPosition is AT_TIMESTAMP.");
                break;
            default:
                throw Model($"1 validation error detected: Value '{mapping.StartingPosition}' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
        }

        var batchSize = mapping.BatchSize ?? DefaultBatchSize;
        Range(batchSize, "batchSize", 1, MaxBatchSize);
        var window = mapping.MaximumBatchingWindowInSeconds ?? 0;
        Range(window, "maximumBatchingWindowInSeconds", 0, MaxBatchingWindowInSeconds);
        var parallelization = mapping.ParallelizationFactor ?? 1;
        Range(parallelization, "parallelizationFactor", 1, MaxParallelizationFactor);
        var retries = mapping.MaximumRetryAttempts ?? -1;
        Range(retries, "maximumRetryAttempts", -1, MaxRetryAttempts);
        var recordAge = mapping.MaximumRecordAgeInSeconds ?? -1;
        Range(recordAge, "maximumRecordAgeInSeconds", -1, MaxRecordAgeInSeconds);
        if (recordAge is >= 0 and < MinRecordAgeInSeconds)
            throw Invalid($"MaximumRecordAgeInSeconds must be -1 (infinite) or between {MinRecordAgeInSeconds} and {MaxRecordAgeInSeconds}; got {recordAge.ToString(CultureInfo.InvariantCulture)}.");
        var tumbling = mapping.TumblingWindowInSeconds ?? 0;
        Range(tumbling, "tumblingWindowInSeconds", 0, MaxTumblingWindowInSeconds);

        foreach (var type in mapping.FunctionResponseTypes)
        {
            if (type != MappingResponseTypes.ReportBatchItemFailures)
                throw Model($"1 validation error detected: Value '[{string.Join(", ", mapping.FunctionResponseTypes)}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
        }

        FilterCriteriaRules.Validate(mapping.FilterPatterns);

        if (mapping.MaximumConcurrency is not null)
            throw Invalid("Unsupported ScalingConfig parameter for given event source mapping type.");

        var destination = string.IsNullOrWhiteSpace(mapping.OnFailureDestination) ? null : mapping.OnFailureDestination.Trim();
        if (destination is not null && !DestinationRules.Accepts(destination, DestinationRules.StreamOnFailure))
            throw Invalid($"The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination={destination})) is invalid: the destination must be an SQS queue, SNS topic or S3 bucket ARN.");

        return mapping with
        {
            BatchSize = batchSize,
            MaximumBatchingWindowInSeconds = window,
            ParallelizationFactor = parallelization,
            MaximumRetryAttempts = retries,
            MaximumRecordAgeInSeconds = recordAge,
            BisectBatchOnFunctionError = mapping.BisectBatchOnFunctionError ?? false,
            TumblingWindowInSeconds = tumbling,
            OnFailureDestination = destination,
        };
    }

    private static void Range(int value, string member, int min, int max)
    {
        if (value < min)
            throw Model($"1 validation error detected: Value '{value.ToString(CultureInfo.InvariantCulture)}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
        if (value > max)
            throw Model($"1 validation error detected: Value '{value.ToString(CultureInfo.InvariantCulture)}' at '{member}' failed to satisfy constraint: Member must have value less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    private static MappingValidationException Invalid(string message) => new(message);

    // Limits from Lambda's API model come back as ValidationException, not InvalidParameterValueException.
    private static MappingValidationException Model(string message) => new(message, "ValidationException");
}
