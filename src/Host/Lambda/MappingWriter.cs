using System.Text.Json;
using Platform.Triggers.Mappings;

namespace Platform.Host.Lambda;

/// <summary>Writes an EventSourceMappingConfiguration as Lambda returns it.</summary>
internal static class MappingWriter
{
    public const string NoRecordsProcessed = "No records processed";

    public static void Write(Utf8JsonWriter json, EventSourceMapping mapping, string state, string functionArn)
    {
        json.WriteStartObject();
        json.WriteString("UUID", mapping.Uuid);
        if (mapping.StartingPosition is { } position)
            json.WriteString("StartingPosition", position);
        if (mapping.StartingPositionTimestamp is { } timestamp)
            LambdaJson.WriteEpochSeconds(json, "StartingPositionTimestamp", timestamp);
        WriteOptional(json, "BatchSize", mapping.BatchSize);
        WriteOptional(json, "MaximumBatchingWindowInSeconds", mapping.MaximumBatchingWindowInSeconds);
        WriteOptional(json, "ParallelizationFactor", mapping.ParallelizationFactor);
        json.WriteString("EventSourceArn", mapping.EventSourceArn);
        if (mapping.FilterPatterns.Count > 0)
        {
            json.WriteStartObject("FilterCriteria");
            json.WriteStartArray("Filters");
            foreach (var pattern in mapping.FilterPatterns)
            {
                json.WriteStartObject();
                json.WriteString("Pattern", pattern);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteString("FunctionArn", functionArn);
        LambdaJson.WriteEpochSeconds(json, "LastModified", mapping.LastModified);
        var stream = mapping.Kind is EventSourceKind.Kinesis or EventSourceKind.DynamoDb;
        if (stream)
            json.WriteString("LastProcessingResult", NoRecordsProcessed);
        json.WriteString("State", state);
        json.WriteString("StateTransitionReason", "USER_INITIATED");
        if (stream || mapping.OnFailureDestination is not null)
        {
            json.WriteStartObject("DestinationConfig");
            json.WriteStartObject("OnFailure");
            if (mapping.OnFailureDestination is { } destination)
                json.WriteString("Destination", destination);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        WriteOptional(json, "MaximumRecordAgeInSeconds", mapping.MaximumRecordAgeInSeconds);
        if (mapping.BisectBatchOnFunctionError is { } bisect)
            json.WriteBoolean("BisectBatchOnFunctionError", bisect);
        WriteOptional(json, "MaximumRetryAttempts", mapping.MaximumRetryAttempts);
        WriteOptional(json, "TumblingWindowInSeconds", mapping.TumblingWindowInSeconds);
        json.WriteStartArray("FunctionResponseTypes");
        foreach (var type in mapping.FunctionResponseTypes)
            json.WriteStringValue(type);
        json.WriteEndArray();
        if (mapping.MaximumConcurrency is { } concurrency)
        {
            json.WriteStartObject("ScalingConfig");
            json.WriteNumber("MaximumConcurrency", concurrency);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>The state a stored mapping is in (Lambda's transitional states only appear in the
    /// answers to Create/Update/Delete).</summary>
    public static string StateOf(EventSourceMapping mapping) => mapping.Enabled ? "Enabled" : "Disabled";

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
            json.WriteNumber(name, number);
    }
}
