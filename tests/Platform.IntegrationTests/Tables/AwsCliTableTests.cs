using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Tables;

/// <summary>DynamoDB and DynamoDB Streams through the real aws CLI v2, as the issue's example runs them.</summary>
[Collection(TablesPlatformCollection.Name)]
public sealed class AwsCliTableTests(TablesPlatformFixture platform)
{
    private async Task<JsonElement> Json(params string[] arguments)
    {
        var output = await platform.Aws.RunOkAsync(arguments);
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }

    private Task<JsonElement> Ddb(params string[] arguments) => Json(["dynamodb", .. arguments]);

    private Task<JsonElement> Streams(params string[] arguments) => Json(["dynamodbstreams", .. arguments]);

    [Fact]
    public async Task The_issue_example_put_update_delete_reaches_the_stream()
    {
        var name = TablesPlatformFixture.NewTableName("orders");
        var created = await Ddb("create-table", "--table-name", name,
            "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=S",
            "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
            "--billing-mode", "PAY_PER_REQUEST", "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
        var streamArn = created.GetProperty("TableDescription").GetProperty("LatestStreamArn").GetString()!;
        await platform.Aws.RunOkAsync("dynamodb", "wait", "table-exists", "--table-name", name);

        await Ddb("put-item", "--table-name", name, "--item", """{"pk":{"S":"o-1"},"sk":{"S":"v1"},"qty":{"N":"1"}}""");
        var updated = await Ddb("update-item", "--table-name", name, "--key", """{"pk":{"S":"o-1"},"sk":{"S":"v1"}}""",
            "--update-expression", "SET qty = qty + :n, #s = :s", "--expression-attribute-names", """{"#s":"status"}""",
            "--expression-attribute-values", """{":n":{"N":"2"},":s":{"S":"paid"}}""", "--return-values", "ALL_NEW");
        Assert.Equal("3", updated.GetProperty("Attributes").GetProperty("qty").GetProperty("N").GetString());
        var got = await Ddb("get-item", "--table-name", name, "--key", """{"pk":{"S":"o-1"},"sk":{"S":"v1"}}""", "--consistent-read");
        Assert.Equal("paid", got.GetProperty("Item").GetProperty("status").GetProperty("S").GetString());

        var refused = await platform.Aws.RunAsync("dynamodb", "delete-item", "--table-name", name, "--key", """{"pk":{"S":"o-1"},"sk":{"S":"v1"}}""",
            "--condition-expression", "qty > :big", "--expression-attribute-values", """{":big":{"N":"10"}}""");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("ConditionalCheckFailedException", refused.StandardError, StringComparison.Ordinal);
        await Ddb("delete-item", "--table-name", name, "--key", """{"pk":{"S":"o-1"},"sk":{"S":"v1"}}""");

        var streams = await Streams("list-streams", "--table-name", name);
        Assert.Equal(streamArn, streams.GetProperty("Streams")[0].GetProperty("StreamArn").GetString());
        var shard = (await Streams("describe-stream", "--stream-arn", streamArn)).GetProperty("StreamDescription").GetProperty("Shards")[0].GetProperty("ShardId").GetString()!;
        var iterator = (await Streams("get-shard-iterator", "--stream-arn", streamArn, "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON"))
            .GetProperty("ShardIterator").GetString()!;
        var records = (await Streams("get-records", "--shard-iterator", iterator)).GetProperty("Records");
        Assert.Equal(["INSERT", "MODIFY", "REMOVE"], records.EnumerateArray().Select(r => r.GetProperty("eventName").GetString()!).ToArray());
        var modify = records[1].GetProperty("dynamodb");
        Assert.Equal("1", modify.GetProperty("OldImage").GetProperty("qty").GetProperty("N").GetString());
        Assert.Equal("3", modify.GetProperty("NewImage").GetProperty("qty").GetProperty("N").GetString());
        Assert.Equal("NEW_AND_OLD_IMAGES", modify.GetProperty("StreamViewType").GetString());
    }

    [Fact]
    public async Task Query_scan_batch_and_ttl_commands()
    {
        var name = TablesPlatformFixture.NewTableName("cli");
        await Ddb("create-table", "--table-name", name,
            "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
            "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
            "--provisioned-throughput", "ReadCapacityUnits=5,WriteCapacityUnits=5");
        var items = string.Join(",", Enumerable.Range(0, 25).Select(i => """{"PutRequest":{"Item":{"pk":{"S":"p"},"sk":{"N":"NUM"},"even":{"BOOL":EVEN}}}}""".Replace("NUM", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("EVEN", i % 2 == 0 ? "true" : "false", StringComparison.Ordinal)));
        var batch = await Ddb("batch-write-item", "--request-items", $$"""{"{{name}}":[{{items}}]}""");
        Assert.Empty(batch.GetProperty("UnprocessedItems").EnumerateObject());

        var query = await Ddb("query", "--table-name", name, "--key-condition-expression", "pk = :p AND sk BETWEEN :a AND :b",
            "--filter-expression", "even = :t", "--expression-attribute-values", """{":p":{"S":"p"},":a":{"N":"3"},":b":{"N":"9"},":t":{"BOOL":true}}""",
            "--no-scan-index-forward");
        Assert.Equal(["8", "6", "4"], query.GetProperty("Items").EnumerateArray().Select(i => i.GetProperty("sk").GetProperty("N").GetString()!).ToArray());
        Assert.Equal(7, query.GetProperty("ScannedCount").GetInt32());

        // The CLI pages by itself with --page-size; every item comes back once.
        var scan = await Ddb("scan", "--table-name", name, "--page-size", "4");
        Assert.Equal(25, scan.GetProperty("Count").GetInt32());
        var segment = await Ddb("scan", "--table-name", name, "--segment", "0", "--total-segments", "2", "--select", "COUNT");
        var other = await Ddb("scan", "--table-name", name, "--segment", "1", "--total-segments", "2", "--select", "COUNT");
        Assert.Equal(25, segment.GetProperty("Count").GetInt32() + other.GetProperty("Count").GetInt32());

        await Ddb("update-time-to-live", "--table-name", name, "--time-to-live-specification", "Enabled=true,AttributeName=ttl");
        var ttl = await Ddb("describe-time-to-live", "--table-name", name);
        Assert.Equal("ENABLED", ttl.GetProperty("TimeToLiveDescription").GetProperty("TimeToLiveStatus").GetString());
        var described = await Ddb("describe-table", "--table-name", name);
        Assert.Equal(25, described.GetProperty("Table").GetProperty("ItemCount").GetInt32());
        Assert.Equal("ACTIVE", described.GetProperty("Table").GetProperty("TableStatus").GetString());
        await Ddb("delete-table", "--table-name", name);
        var gone = await platform.Aws.RunAsync("dynamodb", "describe-table", "--table-name", name);
        Assert.Contains("ResourceNotFoundException", gone.StandardError, StringComparison.Ordinal);
    }
}
