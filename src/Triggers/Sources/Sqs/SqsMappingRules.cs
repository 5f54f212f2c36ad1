using System.Globalization;
using Platform.Contracts.Functions;
using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>
/// What Lambda's CreateEventSourceMapping accepts for an SQS queue, with its messages: BatchSize
/// 1–10000 (at most 10 for FIFO), MaximumBatchingWindowInSeconds 0–300 and at least 1 when
/// BatchSize exceeds 10, ScalingConfig.MaximumConcurrency 2–1000, at most 5 filters, no stream
/// options, and a function timeout no longer than the queue's visibility timeout.
/// </summary>
public static class SqsMappingRules
{
    public const int DefaultBatchSize = 10;
    public const int MaxBatchSize = 10_000;
    public const int MaxFifoBatchSize = 10;
    public const int MaxBatchingWindowSeconds = 300;

    /// <summary>Returns the mapping with AWS's defaults filled in, or throws <see cref="MappingValidationException"/>.</summary>
    public static EventSourceMapping Validate(EventSourceMapping mapping, FunctionDefinition? function, bool? fifo, TimeSpan queueVisibilityTimeout)
    {
        if (function is null)
            throw new MappingValidationException($"Function not found: {mapping.FunctionName}", "ResourceNotFoundException");
        if (fifo is not { } isFifo)
            throw new MappingValidationException(
                "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version.");

        RejectStreamOption(mapping.StartingPosition is not null, "StartingPosition");
        RejectStreamOption(mapping.StartingPositionTimestamp is not null, "StartingPositionTimestamp");
        RejectStreamOption(mapping.ParallelizationFactor is not null, "ParallelizationFactor");
        RejectStreamOption(mapping.MaximumRetryAttempts is not null, "MaximumRetryAttempts");
        RejectStreamOption(mapping.MaximumRecordAgeInSeconds is not null, "MaximumRecordAgeInSeconds");
        RejectStreamOption(mapping.BisectBatchOnFunctionError is not null, "BisectBatchOnFunctionError");
        RejectStreamOption(mapping.TumblingWindowInSeconds is not null, "TumblingWindowInSeconds");
        RejectStreamOption(mapping.OnFailureDestination is not null, "DestinationConfig");

        var batchSize = mapping.BatchSize ?? DefaultBatchSize;
        if (batchSize is < 1 or > MaxBatchSize)
            throw new MappingValidationException(
                $"1 validation error detected: Value '{Text(batchSize)}' at 'batchSize' failed to satisfy constraint: Member must have value {(batchSize < 1 ? "greater than or equal to 1" : "less than or equal to 10000")}",
                "ValidationException");
        if (isFifo && batchSize > MaxFifoBatchSize)
            throw new MappingValidationException($"Invalid batch size: {Text(batchSize)}. BatchSize must be between 1 and 10 for FIFO queues.");

        var window = mapping.MaximumBatchingWindowInSeconds ?? 0;
        if (window is < 0 or > MaxBatchingWindowSeconds)
            throw new MappingValidationException(
                $"1 validation error detected: Value '{Text(window)}' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value {(window < 0 ? "greater than or equal to 0" : "less than or equal to 300")}",
                "ValidationException");
        if (batchSize > MaxFifoBatchSize && window < 1)
            throw new MappingValidationException("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");

        foreach (var type in mapping.FunctionResponseTypes)
        {
            if (type != MappingResponseTypes.ReportBatchItemFailures)
                throw new MappingValidationException(
                    $"1 validation error detected: Value '[{type}]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]",
                    "ValidationException");
        }

        FilterCriteriaRules.Validate(mapping.FilterPatterns);

        if (mapping.MaximumConcurrency is < 2 or > 1000)
            throw new MappingValidationException(
                $"1 validation error detected: Value '{Text(mapping.MaximumConcurrency.Value)}' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value {(mapping.MaximumConcurrency < 2 ? "greater than or equal to 2" : "less than or equal to 1000")}",
                "ValidationException");

        if (function.Timeout > queueVisibilityTimeout)
            throw new MappingValidationException(
                $"Queue visibility timeout: {Seconds(queueVisibilityTimeout)} seconds is less than Function timeout: {Seconds(function.Timeout)} seconds");

        return mapping with { BatchSize = batchSize, MaximumBatchingWindowInSeconds = window };
    }

    private static void RejectStreamOption(bool given, string name)
    {
        if (given)
            throw new MappingValidationException($"Unsupported MQ/SQS parameter: {name} is only valid for stream event sources (Kinesis, DynamoDB).");
    }

    private static string Seconds(TimeSpan time) => Text((int)Math.Ceiling(time.TotalSeconds));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
