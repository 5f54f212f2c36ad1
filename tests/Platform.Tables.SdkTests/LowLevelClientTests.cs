using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Platform.Tables.SdkTests;

/// <summary>AWSSDK.DynamoDBv2's low-level client against the platform (the 4.x package has no DynamoDB Streams client;
/// the Streams API is covered through the aws CLI and boto3).</summary>
[Collection(SdkPlatformCollection.Name)]
public sealed class LowLevelClientTests(SdkPlatformFixture platform)
{
    private static AttributeValue S(string s) => new() { S = s };
    private static AttributeValue N(string n) => new() { N = n };

    private async Task<string> CreateAsync(string prefix, StreamViewType? view = null)
    {
        var name = SdkPlatformFixture.NewTableName(prefix);
        await platform.Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.N)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
            StreamSpecification = view is null ? null : new StreamSpecification { StreamEnabled = true, StreamViewType = view },
        });
        return name;
    }

    [Fact]
    public async Task Items_round_trip_with_expressions_and_errors()
    {
        var name = await CreateAsync("sdk");
        var described = await platform.Client.DescribeTableAsync(name);
        Assert.Equal(TableStatus.ACTIVE, described.Table.TableStatus);

        await platform.Client.PutItemAsync(name, new Dictionary<string, AttributeValue>
        {
            ["pk"] = S("a"), ["sk"] = N("1"), ["price"] = N("10.50"), ["tags"] = new AttributeValue { SS = ["x", "y"] },
            ["doc"] = new AttributeValue { M = new Dictionary<string, AttributeValue> { ["n"] = N("1") } },
        });
        var updated = await platform.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = name,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = S("a"), ["sk"] = N("1") },
            UpdateExpression = "SET price = price + :d, doc.n = doc.n + :d ADD tags :z",
            ConditionExpression = "attribute_exists(pk) AND price BETWEEN :lo AND :hi",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":d"] = N("0.5"), [":z"] = new AttributeValue { SS = ["z"] }, [":lo"] = N("1"), [":hi"] = N("100"),
            },
            ReturnValues = ReturnValue.ALL_NEW,
        });
        Assert.Equal("11", updated.Attributes["price"].N);
        Assert.Equal("1.5", updated.Attributes["doc"].M["n"].N);
        Assert.Equal(["x", "y", "z"], updated.Attributes["tags"].SS.Order().ToArray());

        var failed = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => platform.Client.PutItemAsync(new PutItemRequest
        {
            TableName = name,
            Item = new Dictionary<string, AttributeValue> { ["pk"] = S("a"), ["sk"] = N("1") },
            ConditionExpression = "attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));
        Assert.Equal("11", failed.Item["price"].N);

        var validation = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => platform.Client.QueryAsync(new QueryRequest
        {
            TableName = name, KeyConditionExpression = "pk = :p OR sk = :s",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":p"] = S("a"), [":s"] = N("1") },
        }));
        Assert.Equal("ValidationException", validation.ErrorCode);
        Assert.Equal("Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR", validation.Message);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => platform.Client.DescribeTableAsync("missing-" + name));
    }

    [Fact]
    public async Task Batches_transactions_query_paging_and_streams()
    {
        var name = await CreateAsync("sdk-stream", StreamViewType.NEW_AND_OLD_IMAGES);
        var batch = await platform.Client.BatchWriteItemAsync(new Dictionary<string, List<WriteRequest>>
        {
            [name] = Enumerable.Range(0, 25).Select(i => new WriteRequest(new PutRequest(new Dictionary<string, AttributeValue>
                { ["pk"] = S("p"), ["sk"] = N(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) }))).ToList(),
        });
        Assert.True(batch.UnprocessedItems is null || batch.UnprocessedItems.Count == 0);

        var seen = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await platform.Client.QueryAsync(new QueryRequest
            {
                TableName = name, KeyConditionExpression = "pk = :p", Limit = 10, ExclusiveStartKey = start, ScanIndexForward = false,
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":p"] = S("p") },
            });
            seen.AddRange(page.Items.Select(i => i["sk"].N));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen);

        var cancelled = await Assert.ThrowsAsync<TransactionCanceledException>(() => platform.Client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = name, Item = new Dictionary<string, AttributeValue> { ["pk"] = S("t"), ["sk"] = N("1") } } },
                new TransactWriteItem { ConditionCheck = new ConditionCheck { TableName = name, Key = new Dictionary<string, AttributeValue> { ["pk"] = S("p"), ["sk"] = N("1") }, ConditionExpression = "attribute_not_exists(pk)" } },
            ],
        }));
        Assert.Equal(["None", "ConditionalCheckFailed"], cancelled.CancellationReasons.Select(r => r.Code).ToArray());

        var table = await platform.Client.DescribeTableAsync(name);
        Assert.Equal(StreamViewType.NEW_AND_OLD_IMAGES, table.Table.StreamSpecification.StreamViewType);
        Assert.EndsWith("/stream/" + table.Table.LatestStreamLabel, table.Table.LatestStreamArn, StringComparison.Ordinal);
        Assert.Equal(25, table.Table.ItemCount);
    }
}
