using Platform.Emulators.Tables.Engine;
using Platform.Tests.Support;

namespace Platform.Tests.Tables;

public sealed class TableStreamTests
{
    private static readonly Dictionary<string, AttributeValue> KeyA = TableTestContext.Item(("pk", "a"), ("sk", 1));

    [Fact]
    public async Task Every_change_is_one_record_in_order_and_a_no_op_is_none()
    {
        await using var context = TableTestContext.Create();
        await context.CreateAsync("orders");
        await context.Engine.PutItemAsync("orders", TableTestContext.Item(("pk", "a"), ("sk", 1), ("v", "1")));
        await context.Engine.PutItemAsync("orders", TableTestContext.Item(("pk", "a"), ("sk", 1), ("v", "1")));
        await context.Engine.UpdateItemAsync("orders", KeyA, "SET v = :v", new ItemWriteOptions { ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v"] = AttributeValue.String("1") } });
        await context.Engine.UpdateItemAsync("orders", KeyA, "SET v = :v", new ItemWriteOptions { ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v"] = AttributeValue.String("2") } });
        await context.Engine.DeleteItemAsync("orders", KeyA);
        await context.Engine.DeleteItemAsync("orders", KeyA);
        await Assert.ThrowsAsync<TableException>(() => context.Engine.PutItemAsync("orders", TableTestContext.Item(("pk", "a"), ("sk", 1)),
            new ItemWriteOptions { ConditionExpression = "attribute_exists(pk)" }));

        var records = context.Records("orders");
        Assert.Equal(["INSERT", "MODIFY", "REMOVE"], records.Select(r => r.EventName).ToArray());
        Assert.Null(records[0].OldImage);
        Assert.Equal("1", records[1].OldImage!["v"].S);
        Assert.Equal("2", records[1].NewImage!["v"].S);
        Assert.Null(records[2].NewImage);
        Assert.Equal("2", records[2].OldImage!["v"].S);
        Assert.True(records.Select(r => r.SequenceNumber).SequenceEqual(records.Select(r => r.SequenceNumber).Order(StringComparer.Ordinal)));
        Assert.All(records, r => Assert.Equal(2, r.Keys.Count));
    }

    [Theory]
    [InlineData("KEYS_ONLY", false, false)]
    [InlineData("NEW_IMAGE", true, false)]
    [InlineData("OLD_IMAGE", false, true)]
    [InlineData("NEW_AND_OLD_IMAGES", true, true)]
    public async Task View_types_keep_the_images_they_name(string viewType, bool newImage, bool oldImage)
    {
        await using var context = TableTestContext.Create();
        await context.CreateAsync("table1", viewType);
        await context.Engine.PutItemAsync("table1", TableTestContext.Item(("pk", "a"), ("sk", 1), ("v", "1")));
        await context.Engine.PutItemAsync("table1", TableTestContext.Item(("pk", "a"), ("sk", 1), ("v", "2")));
        var modify = context.Records("table1")[1];
        Assert.Equal(viewType, modify.StreamViewType);
        Assert.Equal(newImage, modify.NewImage is not null);
        Assert.Equal(oldImage, modify.OldImage is not null);
    }

    [Fact]
    public async Task Ttl_sweep_on_the_clock_deletes_with_a_service_remove_record()
    {
        await using var context = TableTestContext.Create();
        await context.CreateAsync("sessions");
        var now = context.Time.GetUtcNow().ToUnixTimeSeconds();
        await context.Engine.PutItemAsync("sessions", TableTestContext.Item(("pk", "old"), ("sk", 1), ("exp", now + 60)));
        await context.Engine.PutItemAsync("sessions", TableTestContext.Item(("pk", "new"), ("sk", 1), ("exp", now + 3600)));
        await context.Engine.UpdateTimeToLiveAsync("sessions", "exp", enabled: true);
        Assert.Equal(0, await context.Engine.SweepExpiredAsync());

        context.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await context.Engine.SweepExpiredAsync());
        Assert.Null(context.Engine.GetItem("sessions", TableTestContext.Item(("pk", "old"), ("sk", 1))));
        Assert.NotNull(context.Engine.GetItem("sessions", TableTestContext.Item(("pk", "new"), ("sk", 1))));
        var remove = context.Records("sessions")[^1];
        Assert.Equal("REMOVE", remove.EventName);
        Assert.True(remove.ByService);
        Assert.False(context.Records("sessions")[0].ByService);
    }

    [Fact]
    public async Task Records_are_kept_24_hours()
    {
        await using var context = TableTestContext.Create();
        await context.CreateAsync("table1");
        await context.Engine.PutItemAsync("table1", TableTestContext.Item(("pk", "a"), ("sk", 1)));
        context.Time.Advance(TimeSpan.FromHours(23));
        await context.Engine.PutItemAsync("table1", TableTestContext.Item(("pk", "b"), ("sk", 1)));
        Assert.Equal(2, context.Records("table1").Count);
        context.Time.Advance(TimeSpan.FromHours(1.5));
        Assert.Single(context.Records("table1"));
        await context.Engine.SweepExpiredAsync();
        Assert.Single(context.Records("table1"));
    }

    [Fact]
    public async Task The_change_signal_fires_after_each_commit()
    {
        await using var context = TableTestContext.Create();
        var table = await context.CreateAsync("table1");
        var signal = context.Engine.Changes(table.Stream!.Arn);
        var seen = signal.Version;
        var wait = signal.WaitAsync(seen, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None);
        await context.Engine.PutItemAsync("table1", TableTestContext.Item(("pk", "a"), ("sk", 1)));
        Assert.True(await wait);
    }

    [Fact]
    public async Task Disabling_a_stream_ends_its_shard_and_enabling_makes_a_new_one()
    {
        await using var context = TableTestContext.Create();
        var first = (await context.CreateAsync("table1")).Stream!;
        await context.Engine.PutItemAsync("table1", TableTestContext.Item(("pk", "a"), ("sk", 1)));
        await context.Engine.UpdateTableAsync("table1", new TableUpdate { StreamEnabled = false });
        var read = context.Engine.Read(first.Arn, first.ShardId, null, 100);
        Assert.Single(read.Records);
        Assert.True(read.ShardEnded);
        context.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await context.Engine.UpdateTableAsync("table1", new TableUpdate { StreamEnabled = true, StreamViewType = "KEYS_ONLY" });
        Assert.NotEqual(first.Arn, second.Stream!.Arn);
        Assert.Equal(2, context.Engine.ListStreams("table1").Count);
    }

    [Fact]
    public async Task Items_and_records_survive_a_reopen()
    {
        var path = Path.Combine(Path.GetTempPath(), "tables-" + Guid.NewGuid().ToString("N"));
        var time = new ManualTimeProvider();
        try
        {
            await using (var context = TableTestContext.Open(path, time))
            {
                await context.CreateAsync("table1");
                for (var i = 0; i < 20; i++)
                    await context.Engine.PutItemAsync("table1", TableTestContext.Item(("pk", "a"), ("sk", i)));
            }

            await using (var context = TableTestContext.Open(path, time))
            {
                Assert.Equal(20, context.Engine.DescribeTable("table1").ItemCount);
                Assert.Equal(20, context.Records("table1").Count);
                var page = context.Engine.Query(new ReadRequest
                {
                    TableName = "table1", KeyConditionExpression = "pk = :a AND sk BETWEEN :lo AND :hi", ScanIndexForward = false,
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":a"] = AttributeValue.String("a"), [":lo"] = AttributeValue.Number(AttributeJson.Number("5")), [":hi"] = AttributeValue.Number(AttributeJson.Number("14")),
                    },
                });
                Assert.Equal(Enumerable.Range(5, 10).Reverse().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), page.Items.Select(i => i["sk"].N.ToString()));
            }
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task A_cancelled_transaction_writes_nothing()
    {
        await using var context = TableTestContext.Create();
        await context.CreateAsync("table1");
        await context.Engine.PutItemAsync("table1", TableTestContext.Item(("pk", "x"), ("sk", 1)));
        var error = await Assert.ThrowsAsync<TableException>(() => context.Engine.TransactWriteAsync(
        [
            new TransactAction { Kind = "Put", TableName = "table1", Item = TableTestContext.Item(("pk", "y"), ("sk", 1)) },
            new TransactAction { Kind = "Delete", TableName = "table1", Key = TableTestContext.Item(("pk", "x"), ("sk", 1)), Options = new ItemWriteOptions { ConditionExpression = "attribute_not_exists(pk)" } },
        ]));
        Assert.Equal("TransactionCanceledException", error.Code);
        Assert.Equal(["None", "ConditionalCheckFailed"], error.CancellationReasons!.Select(r => r.Code).ToArray());
        Assert.Null(context.Engine.GetItem("table1", TableTestContext.Item(("pk", "y"), ("sk", 1))));
        Assert.Single(context.Records("table1"));
    }
}
