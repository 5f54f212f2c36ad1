using Platform.Host.Configuration;

namespace Platform.Tests.Tables;

public sealed class TableConfigTests
{
    private static PlatformConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "/cfg/platform.yaml");

    [Fact]
    public void Tables_are_read_with_keys_indexes_stream_and_ttl()
    {
        var config = Parse("""
            tables:
              - name: orders
                key: [pk:S, sk:N]
                stream: NEW_AND_OLD_IMAGES
                ttl: expiresAt
                indexes:
                  - { name: byStatus, key: [status:S, createdAt:N], projection: [total] }
                localIndexes:
                  - { name: byDay, key: [pk:S, day:S], projection: KEYS_ONLY }
            """);
        var table = Assert.Single(config.Tables);
        var definition = table.Definition;
        Assert.Equal(("orders", "pk", "sk"), (definition.Name, definition.HashKey, definition.RangeKey));
        Assert.Equal("N", definition.TypeOf("createdAt"));
        Assert.True(definition.StreamEnabled);
        Assert.Equal("NEW_AND_OLD_IMAGES", definition.StreamViewType);
        Assert.Equal("expiresAt", table.TtlAttribute);
        Assert.Equal(["byStatus", "byDay"], definition.Indexes.Select(i => i.Name).ToArray());
        Assert.Equal("INCLUDE", definition.Indexes[0].ProjectionType);
        Assert.Equal(["total"], definition.Indexes[0].NonKeyAttributes.ToArray());
        Assert.False(definition.Indexes[1].Global);
        Assert.Equal(2, table.Line);
    }

    [Fact]
    public void A_dynamodb_trigger_names_the_tables_latest_stream()
    {
        var config = Parse("""
            functions:
              audit:
                assembly: fn/bin/Fn.dll
                handler: Fn::Fn.Handler
                triggers:
                  - dynamodb: { table: orders, startingPosition: TRIM_HORIZON, batchSize: 50, bisectBatchOnFunctionError: true, maximumRetryAttempts: 2, functionResponseTypes: [ReportBatchItemFailures] }
            """);
        var mapping = Assert.Single(config.Mappings).Mapping;
        Assert.Equal("arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/latest", mapping.EventSourceArn);
        Assert.Equal(Platform.Triggers.Mappings.EventSourceKind.DynamoDb, mapping.Kind);
        Assert.Equal(("TRIM_HORIZON", 50, true, 2), (mapping.StartingPosition, mapping.BatchSize, mapping.BisectBatchOnFunctionError, mapping.MaximumRetryAttempts));
        Assert.True(mapping.ReportsBatchItemFailures);
        var error = Assert.Throws<ConfigException>(() => Parse("""
            functions:
              audit:
                assembly: fn/bin/Fn.dll
                handler: Fn::Fn.Handler
                triggers:
                  - dynamodb: { table: "arn:aws:sqs:us-east-1:000000000000:q", startingPosition: LATEST }
            """));
        Assert.Contains("must be a table name or a DynamoDB stream ARN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tables:\n  - { name: t1x, key: [pk] }", "platform.yaml:2: tables[0].key 'pk' must be name:TYPE with TYPE S, N or B.")]
    [InlineData("tables:\n  - { name: t1x, key: [pk:S], stream: ALL }", "tables[0].stream 'ALL' is not a stream view type")]
    [InlineData("tables:\n  - { name: t1x }", "tables[0].key is required")]
    [InlineData("tables:\n  - { name: t1x, key: [pk:S], localIndexes: [{ name: l1, key: [other:S, x:S] }] }", "a local index shares the table's hash key")]
    [InlineData("tables:\n  - { name: t1x, key: [pk:S], colour: red }", "tables[0].colour is not a known option")]
    public void Mistakes_name_the_line_and_the_fix(string yaml, string message)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(yaml));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
