using Platform.Host.Configuration;
using Platform.Triggers.Mappings;

namespace Platform.Tests.Host;

public sealed class ConfigLoaderMappingTests
{
    private static PlatformConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "/cfg/platform.yaml");

    private static ConfigException ParseFails(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    private const string Function = """
        region: eu-west-1
        accountId: "123456789012"
        functions:
          orders:
            assembly: fn/bin/Fn.dll
            handler: Fn::Fn.Handler
            triggers:

        """;

    [Fact]
    public void An_sqs_trigger_is_a_mapping_with_lambdas_options()
    {
        var config = Parse(Function + """
                  - sqs: { queue: orders, batchSize: 20, maximumBatchingWindowInSeconds: 2, functionResponseTypes: [ReportBatchItemFailures], filterCriteria: { filters: [ { pattern: '{"body":{"type":["order"]}}' } ] }, scalingConfig: { maximumConcurrency: 5 }, enabled: false }
            """);

        var declaration = Assert.Single(config.Mappings);
        var mapping = declaration.Mapping;
        Assert.Equal(8, declaration.Line);
        Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:orders", mapping.EventSourceArn);
        Assert.Equal(EventSourceKind.Sqs, mapping.Kind);
        Assert.Equal(("orders", 20, 2, 5, false, "config"),
            (mapping.FunctionName, mapping.BatchSize, mapping.MaximumBatchingWindowInSeconds, mapping.MaximumConcurrency, mapping.Enabled, mapping.Origin));
        Assert.True(mapping.ReportsBatchItemFailures);
        Assert.Equal(["""{"body":{"type":["order"]}}"""], mapping.FilterPatterns);
        Assert.Empty(config.S3Triggers);
    }

    [Fact]
    public void The_uuid_is_stable_per_function_and_source()
    {
        var first = Parse(Function + "          - sqs: { queue: orders }\n").Mappings[0];
        var again = Parse(Function + "          - sqs: { queue: orders, batchSize: 5 }\n").Mappings[0];
        var other = Parse(Function + "          - sqs: { queue: payments }\n").Mappings[0];

        Assert.Equal(first.Uuid, again.Uuid);
        Assert.NotEqual(first.Uuid, other.Uuid);
        Assert.True(Guid.TryParse(first.Uuid, out _));
        Assert.True(first.Mapping.Enabled);
        Assert.Null(first.Mapping.BatchSize);   // defaults are the source kind's, filled in when provisioned
    }

    [Fact]
    public void A_kinesis_trigger_is_a_mapping_with_stream_options()
    {
        var mapping = Parse(Function + """
                  - kinesis:
                      stream: clicks
                      startingPosition: AT_TIMESTAMP
                      startingPositionTimestamp: "2026-11-22T08:00:00Z"
                      batchSize: 100
                      parallelizationFactor: 2
                      maximumRetryAttempts: 3
                      maximumRecordAgeInSeconds: 3600
                      bisectBatchOnFunctionError: true
                      tumblingWindowInSeconds: 30
                      functionResponseTypes: [ReportBatchItemFailures]
                      destinationConfig: { onFailure: { destination: click-failures } }
            """).Mappings[0].Mapping;

        Assert.Equal("arn:aws:kinesis:eu-west-1:123456789012:stream/clicks", mapping.EventSourceArn);
        Assert.Equal(EventSourceKind.Kinesis, mapping.Kind);
        Assert.Equal(("AT_TIMESTAMP", 100, 2, 3, 3600, true, 30),
            (mapping.StartingPosition, mapping.BatchSize, mapping.ParallelizationFactor, mapping.MaximumRetryAttempts,
                mapping.MaximumRecordAgeInSeconds, mapping.BisectBatchOnFunctionError, mapping.TumblingWindowInSeconds));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), mapping.StartingPositionTimestamp);
        Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:click-failures", mapping.OnFailureDestination);
    }

    [Fact]
    public void Arns_are_taken_as_they_are()
    {
        var mapping = Parse(Function + "          - sqs: { queue: 'arn:aws:sqs:us-east-1:000000000000:other' }\n").Mappings[0].Mapping;
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:other", mapping.EventSourceArn);
    }

    [Theory]
    [InlineData("          - sqs: { queue: orders, batchsize: 5 }\n", "batchsize is not a known option")]
    [InlineData("          - sqs: { batchSize: 5 }\n", "queue is required")]
    [InlineData("          - sqs: { queue: orders, enabled: maybe }\n", "must be true or false")]
    [InlineData("          - sqs: { queue: orders, batchSize: ten }\n", "must be a whole number")]
    [InlineData("          - sqs: { queue: 'arn:aws:s3:::bucket' }\n", "SQS queue ARN")]
    [InlineData("          - sqs: { queue: orders }\n          - sqs: { queue: orders }\n", "already has a trigger")]
    [InlineData("          - sqs: { queue: orders }\n            s3: { bucket: b }\n", "one trigger kind")]
    [InlineData("          - kinesis: { stream: clicks, startingPositionTimestamp: yesterday }\n", "ISO-8601")]
    public void Errors_name_the_line(string trigger, string message)
    {
        var error = ParseFails(Function + trigger);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("/cfg/platform.yaml:", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 8, 9);
    }
}
