using Amazon.DynamoDBv2.DataModel;
using Amazon.DynamoDBv2.DocumentModel;
using Amazon.DynamoDBv2.Model;

namespace Platform.Tables.SdkTests;

/// <summary>AWSSDK.DynamoDBv2's object persistence model (DynamoDBContext) against the platform.</summary>
[Collection(SdkPlatformCollection.Name)]
public sealed class ContextTests(SdkPlatformFixture platform)
{
    public sealed class Order
    {
        [DynamoDBHashKey("pk")]
        public string Customer { get; set; } = "";

        [DynamoDBRangeKey("sk")]
        public int Number { get; set; }

        public decimal Total { get; set; }

        public List<string> Lines { get; set; } = [];
    }

    [Fact]
    public async Task Save_load_query_and_delete_objects()
    {
        var name = SdkPlatformFixture.NewTableName("ctx");
        await platform.Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new AttributeDefinition("pk", Amazon.DynamoDBv2.ScalarAttributeType.S), new AttributeDefinition("sk", Amazon.DynamoDBv2.ScalarAttributeType.N)],
            KeySchema = [new KeySchemaElement("pk", Amazon.DynamoDBv2.KeyType.HASH), new KeySchemaElement("sk", Amazon.DynamoDBv2.KeyType.RANGE)],
            BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
        });
        var context = new DynamoDBContextBuilder().WithDynamoDBClient(() => platform.Client).Build();
        var config = new SaveConfig { OverrideTableName = name };
        for (var i = 1; i <= 5; i++)
            await context.SaveAsync(new Order { Customer = "c1", Number = i, Total = i * 1.25m, Lines = ["l" + i] }, config);

        var loaded = await context.LoadAsync<Order>("c1", 3, new LoadConfig { OverrideTableName = name });
        Assert.Equal(3.75m, loaded.Total);
        Assert.Equal(["l3"], loaded.Lines);

        var query = context.QueryAsync<Order>("c1", QueryOperator.GreaterThan, [2], new QueryConfig { OverrideTableName = name, BackwardQuery = true });
        var found = await query.GetRemainingAsync();
        Assert.Equal([5, 4, 3], found.Select(o => o.Number).ToArray());

        await context.DeleteAsync<Order>("c1", 1, new DeleteConfig { OverrideTableName = name });
        Assert.Null(await context.LoadAsync<Order>("c1", 1, new LoadConfig { OverrideTableName = name }));
    }
}
