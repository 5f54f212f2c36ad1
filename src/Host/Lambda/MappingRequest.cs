using System.Text.Json;
using Platform.Triggers.Mappings;
using Platform.Triggers.Sources;

namespace Platform.Host.Lambda;

/// <summary>Applies a CreateEventSourceMapping / UpdateEventSourceMapping body to a mapping: members
/// present replace, members absent keep. Ranges are the API model's; the per-kind rules (SQS vs
/// Kinesis options, defaults) are the kind's <see cref="ISourceWorkerFactory"/>'s.</summary>
internal static class MappingRequest
{
    public static EventSourceMapping Apply(EventSourceMapping mapping, JsonElement body, bool create)
    {
        if (LambdaJson.String(body, "FunctionName") is { } functionName)
        {
            // A qualified function (version or alias) is registered as name:qualifier, so the mapping invokes that.
            var (name, qualifier) = LambdaFunctions.ParseName(functionName);
            mapping = mapping with { FunctionName = qualifier is null or "$LATEST" ? name : $"{name}:{qualifier}" };
        }
        if (create)
            mapping = mapping with { EventSourceArn = LambdaJson.String(body, "EventSourceArn") ?? "" };
        if (LambdaJson.Bool(body, "Enabled") is { } enabled)
            mapping = mapping with { Enabled = enabled };
        if (LambdaJson.Int(body, "BatchSize", 1, 10000) is { } batchSize)
            mapping = mapping with { BatchSize = batchSize };
        if (LambdaJson.Int(body, "MaximumBatchingWindowInSeconds", 0, 300) is { } window)
            mapping = mapping with { MaximumBatchingWindowInSeconds = window };
        if (LambdaJson.Int(body, "ParallelizationFactor", 1, 10) is { } parallelization)
            mapping = mapping with { ParallelizationFactor = parallelization };
        if (LambdaJson.Int(body, "MaximumRecordAgeInSeconds", -1, 604800) is { } age)
            mapping = mapping with { MaximumRecordAgeInSeconds = age };
        if (LambdaJson.Int(body, "MaximumRetryAttempts", -1, 10000) is { } retries)
            mapping = mapping with { MaximumRetryAttempts = retries };
        if (LambdaJson.Bool(body, "BisectBatchOnFunctionError") is { } bisect)
            mapping = mapping with { BisectBatchOnFunctionError = bisect };
        if (LambdaJson.Int(body, "TumblingWindowInSeconds", 0, 900) is { } tumbling)
            mapping = mapping with { TumblingWindowInSeconds = tumbling };
        if (create)
        {
            // Only CreateEventSourceMapping takes a starting position; Update has no such member.
            if (LambdaJson.String(body, "StartingPosition") is { } position)
            {
                if (position is not ("TRIM_HORIZON" or "LATEST" or "AT_TIMESTAMP"))
                {
                    throw LambdaException.Validation("startingPosition", position,
                        "Member must satisfy enum value set: [TRIM_HORIZON, AT_TIMESTAMP, LATEST]");
                }
                mapping = mapping with { StartingPosition = position };
            }
            if (LambdaJson.Timestamp(body, "StartingPositionTimestamp") is { } timestamp)
                mapping = mapping with { StartingPositionTimestamp = timestamp };
        }
        if (LambdaJson.Strings(body, "FunctionResponseTypes") is { } responseTypes)
        {
            if (responseTypes.FirstOrDefault(t => t != MappingResponseTypes.ReportBatchItemFailures) is { } unknown)
            {
                throw LambdaException.Validation("functionResponseTypes", unknown,
                    "Member must satisfy enum value set: [ReportBatchItemFailures]");
            }
            mapping = mapping with { FunctionResponseTypes = [.. responseTypes.Distinct(StringComparer.Ordinal)] };
        }
        if (LambdaJson.Object(body, "FilterCriteria") is { } criteria)
            mapping = mapping with { FilterPatterns = Patterns(criteria) };
        if (LambdaJson.Object(body, "ScalingConfig") is { } scaling)
            mapping = mapping with { MaximumConcurrency = LambdaJson.Int(scaling, "MaximumConcurrency", 2, 1000) };
        if (LambdaJson.Object(body, "DestinationConfig") is { } destinations)
        {
            var onFailure = LambdaJson.Object(destinations, "OnFailure");
            mapping = mapping with { OnFailureDestination = onFailure is { } failure ? LambdaJson.String(failure, "Destination") : null };
        }
        return mapping;
    }

    private static IReadOnlyList<string> Patterns(JsonElement criteria)
    {
        if (!LambdaJson.Has(criteria, "Filters", out var filters))
            return [];
        if (filters.ValueKind != JsonValueKind.Array)
            throw LambdaException.BadContent("Could not parse request body into json: FilterCriteria.Filters must be a list.");
        var patterns = new List<string>();
        foreach (var filter in filters.EnumerateArray())
        {
            if (filter.ValueKind != JsonValueKind.Object)
                throw LambdaException.BadContent("Could not parse request body into json: each filter must be an object with a Pattern.");
            patterns.Add(LambdaJson.String(filter, "Pattern")
                ?? throw LambdaException.InvalidParameter($"{"Invalid filter pattern definition."} A filter has no Pattern."));
        }
        try
        {
            FilterCriteriaRules.Validate(patterns);
        }
        catch (MappingValidationException e)
        {
            throw new LambdaException(400, e.ErrorCode, e.Message);
        }
        return patterns;
    }
}
