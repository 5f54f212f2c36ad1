using Platform.Triggers.Mappings;
using Platform.Triggers.Sources.Kinesis;

namespace Platform.Tests.Triggers.Sources.Kinesis;

public sealed class KinesisMappingRulesTests
{
    private static readonly EventSourceMapping Valid = new()
    {
        Uuid = "u",
        FunctionName = "consume",
        EventSourceArn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders",
        StartingPosition = "TRIM_HORIZON",
    };

    [Fact]
    public void Fills_in_AWSs_defaults()
    {
        var mapping = KinesisMappingRules.Validate(Valid);

        Assert.Equal(100, mapping.BatchSize);
        Assert.Equal(0, mapping.MaximumBatchingWindowInSeconds);
        Assert.Equal(1, mapping.ParallelizationFactor);
        Assert.Equal(-1, mapping.MaximumRetryAttempts);
        Assert.Equal(-1, mapping.MaximumRecordAgeInSeconds);
        Assert.False(mapping.BisectBatchOnFunctionError);
        Assert.Equal(0, mapping.TumblingWindowInSeconds);
    }

    [Fact]
    public void Accepts_the_limits_themselves()
    {
        var mapping = KinesisMappingRules.Validate(Valid with
        {
            BatchSize = 10_000, MaximumBatchingWindowInSeconds = 300, ParallelizationFactor = 10, MaximumRetryAttempts = 10_000,
            MaximumRecordAgeInSeconds = 604_800, FunctionResponseTypes = ["ReportBatchItemFailures"],
            OnFailureDestination = "arn:aws:sqs:us-east-1:000000000000:failures",
        });

        Assert.Equal(10, mapping.ParallelizationFactor);
        Assert.True(mapping.ReportsBatchItemFailures);
        Assert.Equal(60, KinesisMappingRules.Validate(Valid with { MaximumRecordAgeInSeconds = 60 }).MaximumRecordAgeInSeconds);
        Assert.Equal(0, KinesisMappingRules.Validate(Valid with { MaximumRetryAttempts = 0 }).MaximumRetryAttempts);
    }

    public static TheoryData<EventSourceMapping, string, string> Refused => new()
    {
        { Valid with { StartingPosition = null }, "InvalidParameterValueException", "Value null at 'startingPosition' failed to satisfy constraint: Member must not be null." },
        { Valid with { StartingPosition = "AT_SEQUENCE_NUMBER" }, "ValidationException", "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]" },
        { Valid with { StartingPosition = "AT_TIMESTAMP" }, "InvalidParameterValueException", "StartingPositionTimestamp must be specified" },
        { Valid with { StartingPositionTimestamp = DateTimeOffset.UnixEpoch }, "InvalidParameterValueException", "StartingPositionTimestamp can only be specified" },
        { Valid with { BatchSize = 0 }, "ValidationException", "Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1" },
        { Valid with { BatchSize = 10_001 }, "ValidationException", "Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000" },
        { Valid with { MaximumBatchingWindowInSeconds = 301 }, "ValidationException", "at 'maximumBatchingWindowInSeconds'" },
        { Valid with { ParallelizationFactor = 0 }, "ValidationException", "at 'parallelizationFactor'" },
        { Valid with { ParallelizationFactor = 11 }, "ValidationException", "Member must have value less than or equal to 10" },
        { Valid with { MaximumRetryAttempts = -2 }, "ValidationException", "at 'maximumRetryAttempts'" },
        { Valid with { MaximumRetryAttempts = 10_001 }, "ValidationException", "at 'maximumRetryAttempts'" },
        { Valid with { MaximumRecordAgeInSeconds = 59 }, "InvalidParameterValueException", "MaximumRecordAgeInSeconds must be -1 (infinite) or between 60 and 604800" },
        { Valid with { MaximumRecordAgeInSeconds = 604_801 }, "ValidationException", "at 'maximumRecordAgeInSeconds'" },
        { Valid with { TumblingWindowInSeconds = 901 }, "ValidationException", "at 'tumblingWindowInSeconds'" },
        { Valid with { FunctionResponseTypes = ["ReportItemFailures"] }, "ValidationException", "Member must satisfy enum value set: [ReportBatchItemFailures]" },
        { Valid with { FilterPatterns = ["{}", "{}", "{}", "{}", "{}", "{}"] }, "InvalidParameterValueException", "allows at most 5" },
        { Valid with { FilterPatterns = ["{\"data\": 5}"] }, "InvalidParameterValueException", "" },
        { Valid with { MaximumConcurrency = 5 }, "InvalidParameterValueException", "Unsupported ScalingConfig" },
        { Valid with { OnFailureDestination = "arn:aws:lambda:us-east-1:000000000000:function:f" }, "InvalidParameterValueException", "must be an SQS queue, SNS topic or S3 bucket ARN" },
        { Valid with { EventSourceArn = "arn:aws:sqs:us-east-1:000000000000:q" }, "InvalidParameterValueException", "must be kinesis stream" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_what_AWS_refuses_with_its_error(EventSourceMapping mapping, string code, string message)
    {
        var error = Assert.Throws<MappingValidationException>(() => KinesisMappingRules.Validate(mapping));

        Assert.Equal(code, error.ErrorCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
