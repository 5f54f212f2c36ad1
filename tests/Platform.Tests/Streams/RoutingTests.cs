using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Platform.Emulators.Streams.Engine;

namespace Platform.Tests.Streams;

public sealed class RoutingTests
{
    private static readonly BigInteger Space = BigInteger.Pow(2, 128);

    private static BigInteger Md5(string key) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes(key)), isUnsigned: true, isBigEndian: true);

    private static BigInteger Parse(string value) => BigInteger.Parse(value, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Shards_split_the_hash_space_evenly_as_Kinesis_does(int count)
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("even", count);
        var shards = context.Engine.GetShards("even").Shards;
        Assert.Equal(count, shards.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"shardId-{i:D12}", shards[i].ShardId);
            Assert.Equal(Space / count * i, Parse(shards[i].StartingHashKey));
            Assert.Equal(i + 1 < count ? Space / count * (i + 1) - 1 : Space - 1, Parse(shards[i].EndingHashKey));
        }
    }

    [Fact]
    public async Task Two_shards_match_the_ranges_Kinesis_reports()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("two", 2);
        var shards = context.Engine.GetShards("two").Shards;
        Assert.Equal("170141183460469231731687303715884105727", shards[0].EndingHashKey);
        Assert.Equal("170141183460469231731687303715884105728", shards[1].StartingHashKey);
        Assert.Equal("340282366920938463463374607431768211455", shards[1].EndingHashKey);
    }

    [Fact]
    public async Task A_partition_key_goes_to_the_shard_whose_range_holds_its_MD5()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("routed", 5);
        var shards = context.Engine.GetShards("routed").Shards;
        for (var i = 0; i < 200; i++)
        {
            var key = "key-" + i.ToString(CultureInfo.InvariantCulture);
            var result = await context.PutAsync("routed", key, "d");
            var hash = Md5(key);
            var expected = shards.Single(s => Parse(s.StartingHashKey) <= hash && hash <= Parse(s.EndingHashKey));
            Assert.Equal(expected.ShardId, result.ShardId);
        }
    }

    [Fact]
    public async Task An_explicit_hash_key_overrides_the_partition_key()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("explicit", 4);
        var last = await context.PutAsync("explicit", "anything", "d", explicitHashKey: (Space - 1).ToString(CultureInfo.InvariantCulture));
        var first = await context.PutAsync("explicit", "anything", "d", explicitHashKey: "0");
        Assert.Equal("shardId-000000000003", last.ShardId);
        Assert.Equal("shardId-000000000000", first.ShardId);
        var error = await Assert.ThrowsAsync<StreamException>(() =>
            context.PutAsync("explicit", "k", "d", explicitHashKey: Space.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal("InvalidArgumentException", error.Code);
    }

    [Fact]
    public async Task Sequence_numbers_grow_strictly_per_shard_and_reads_return_them_in_order()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("ordered", 1);
        var puts = new List<PutRecordOutcome>();
        for (var i = 0; i < 50; i++)
            puts.Add(await context.PutAsync("ordered", "k" + i, "v" + i));
        var batch = await context.Engine.PutRecordsAsync("ordered",
            Enumerable.Range(50, 50).Select(i => new PutRecordEntry("k" + i, Encoding.UTF8.GetBytes("v" + i))).ToList());
        puts.AddRange(batch);

        for (var i = 1; i < puts.Count; i++)
            Assert.True(SequenceNumbers.Compare(puts[i - 1].SequenceNumber, puts[i].SequenceNumber) < 0);
        Assert.All(puts, p => Assert.Equal(56, p.SequenceNumber!.Length));

        var records = context.ReadAll("ordered", "shardId-000000000000");
        Assert.Equal(puts.Select(p => p.SequenceNumber), records.Select(r => r.SequenceNumber));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => "v" + i), records.Select(StreamTestContext.Text));

        var after = context.Engine.Read(context.Engine.StreamArn("ordered"), "shardId-000000000000", puts[89].SequenceNumber, 5);
        Assert.Equal(puts.Skip(90).Take(5).Select(p => p.SequenceNumber), after.Records.Select(r => r.SequenceNumber));
        Assert.False(after.ShardEnded);
        Assert.Equal(0, after.MillisBehindLatest);
    }

    [Fact]
    public async Task A_sequence_number_of_another_shard_is_refused()
    {
        await using var context = StreamTestContext.Create();
        await context.Engine.CreateStreamAsync("two", 2);
        var put = await context.PutAsync("two", "k", "v", explicitHashKey: "0");
        var error = Assert.Throws<StreamException>(() =>
            context.Engine.Read(context.Engine.StreamArn("two"), "shardId-000000000001", put.SequenceNumber, 10));
        Assert.Equal("InvalidArgumentException", error.Code);
    }
}
