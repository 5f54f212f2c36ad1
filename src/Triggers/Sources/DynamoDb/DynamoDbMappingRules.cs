using Platform.Triggers.Mappings;
using Platform.Triggers.Sources.Kinesis;

namespace Platform.Triggers.Sources.DynamoDb;

/// <summary>Lambda's CreateEventSourceMapping rules for a DynamoDB stream: the stream options are
/// Kinesis's (batch size 1–10,000, window, ParallelizationFactor, bisect, retries, record age,
/// ReportBatchItemFailures, filters, on-failure SQS destination); StartingPosition is TRIM_HORIZON or
/// LATEST only.</summary>
public static class DynamoDbMappingRules
{
    public static EventSourceMapping Validate(EventSourceMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (mapping.Kind != EventSourceKind.DynamoDb)
            throw new MappingValidationException($"Unrecognized event source, must be a DynamoDB stream: {mapping.EventSourceArn}");
        if (mapping.StartingPosition == KinesisMappingRules.AtTimestamp)
            throw new MappingValidationException("Unsupported starting position for DynamoDB Streams event source: AT_TIMESTAMP. Use TRIM_HORIZON or LATEST.");
        return KinesisMappingRules.Validate(mapping);
    }
}
