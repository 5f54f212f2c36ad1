using System.Net;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Streams;

/// <summary>Malformed and out-of-range requests: each gets Kinesis's error code in its JSON shape
/// with HTTP 400 — never a 500, a hang or a stored record.</summary>
[Collection(KinesisPlatformCollection.Name)]
public sealed class BadInputKinesisTests(KinesisPlatformFixture platform)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private async Task<(HttpStatusCode Status, string Type, JsonElement Body)> PostAsync(string operation, string json,
        string contentType = "application/x-amz-json-1.1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, platform.Endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Kinesis_20131202." + operation);
        request.Content = new StringContent(json, Encoding.UTF8);
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var type = body.TryGetProperty("__type", out var t) ? t.GetString()! : "";
        if (type.Length > 0)
        {
            Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
            Assert.True(body.TryGetProperty("message", out _), text);
        }

        return (response.StatusCode, type, body);
    }

    private async Task<string> ErrorAsync(string operation, string json)
    {
        var (status, type, _) = await PostAsync(operation, json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        return type;
    }

    private async Task<string> CreateStreamAsync(int shards = 1)
    {
        var name = KinesisPlatformFixture.NewStreamName("bad");
        var (status, _, _) = await PostAsync("CreateStream", $$"""{"StreamName":"{{name}}","ShardCount":{{shards}}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        return name;
    }

    private static string Put(string stream, string key, int dataBytes) =>
        JsonSerializer.Serialize(new { StreamName = stream, PartitionKey = key, Data = Convert.ToBase64String(new byte[dataBytes]) });

    [Fact]
    public async Task Oversized_records_and_bad_partition_keys_are_refused()
    {
        var stream = await CreateStreamAsync();
        Assert.Equal("ValidationException", await ErrorAsync("PutRecord", Put(stream, "k", 1024 * 1024 + 1)));
        Assert.Equal("ValidationException", await ErrorAsync("PutRecord", Put(stream, "", 1)));
        Assert.Equal("ValidationException", await ErrorAsync("PutRecord", Put(stream, new string('k', 257), 1)));
        Assert.Equal("InvalidArgumentException", await ErrorAsync("PutRecord", Put(stream, "kk", 1024 * 1024 - 1)));
        Assert.Equal("ValidationException", await ErrorAsync("PutRecord", $$"""{"StreamName":"{{stream}}","Data":"AA=="}"""));
        Assert.Equal("SerializationException", await ErrorAsync("PutRecord", $$"""{"StreamName":"{{stream}}","PartitionKey":"k","Data":"not base64!"}"""));
        Assert.Equal("SerializationException", await ErrorAsync("PutRecord", $$"""{"StreamName":"{{stream}}","PartitionKey":7,"Data":"AA=="}"""));
        Assert.Equal("InvalidArgumentException", await ErrorAsync("PutRecord",
            $$"""{"StreamName":"{{stream}}","PartitionKey":"k","Data":"AA==","ExplicitHashKey":"340282366920938463463374607431768211456"}"""));
        var (ok, _, body) = await PostAsync("PutRecord", Put(stream, new string('k', 256), 1024 * 1024 - 256));
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("shardId-000000000000", body.GetProperty("ShardId").GetString());
    }

    [Fact]
    public async Task PutRecords_beyond_500_records_or_5_MiB_is_refused_whole()
    {
        var stream = await CreateStreamAsync();
        var records = Enumerable.Range(0, 501).Select(i => new { Data = "AA==", PartitionKey = "k" + i });
        Assert.Equal("ValidationException", await ErrorAsync("PutRecords", JsonSerializer.Serialize(new { StreamName = stream, Records = records })));
        Assert.Equal("ValidationException", await ErrorAsync("PutRecords", JsonSerializer.Serialize(new { StreamName = stream, Records = Array.Empty<object>() })));
        var big = Enumerable.Range(0, 6).Select(i => new { Data = Convert.ToBase64String(new byte[1000 * 1000]), PartitionKey = "k" });
        Assert.Equal("InvalidArgumentException", await ErrorAsync("PutRecords", JsonSerializer.Serialize(new { StreamName = stream, Records = big })));
        var (status, _, summary) = await PostAsync("DescribeStreamSummary", JsonSerializer.Serialize(new { StreamName = stream }));
        Assert.Equal(HttpStatusCode.OK, status);
        var iterator = (await PostAsync("GetShardIterator", JsonSerializer.Serialize(new
            { StreamName = stream, ShardId = "shardId-000000000000", ShardIteratorType = "TRIM_HORIZON" }))).Body.GetProperty("ShardIterator").GetString();
        var records2 = (await PostAsync("GetRecords", JsonSerializer.Serialize(new { ShardIterator = iterator }))).Body.GetProperty("Records");
        Assert.Equal(0, records2.GetArrayLength());
        Assert.Equal(1, summary.GetProperty("StreamDescriptionSummary").GetProperty("OpenShardCount").GetInt32());
    }

    [Fact]
    public async Task Unknown_streams_shards_and_bad_names_are_Kinesis_errors()
    {
        Assert.Equal("ResourceNotFoundException", await ErrorAsync("DescribeStream", """{"StreamName":"no-such-stream"}"""));
        Assert.Equal("ResourceNotFoundException", await ErrorAsync("PutRecord", Put("no-such-stream", "k", 1)));
        Assert.Equal("ResourceNotFoundException", await ErrorAsync("DeleteStream", """{"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/no-such"}"""));
        Assert.Equal("ValidationException", await ErrorAsync("CreateStream", """{"StreamName":"bad name!","ShardCount":1}"""));
        Assert.Equal("ValidationException", await ErrorAsync("CreateStream", $$"""{"StreamName":"{{new string('s', 129)}}","ShardCount":1}"""));
        Assert.Equal("ValidationException", await ErrorAsync("CreateStream", """{"ShardCount":1}"""));
        Assert.Equal("ValidationException", await ErrorAsync("CreateStream", """{"StreamName":"zero-shards","ShardCount":0}"""));
        Assert.Equal("LimitExceededException", await ErrorAsync("CreateStream", """{"StreamName":"too-many","ShardCount":100000}"""));
        var stream = await CreateStreamAsync();
        Assert.Equal("ResourceNotFoundException", await ErrorAsync("GetShardIterator",
            JsonSerializer.Serialize(new { StreamName = stream, ShardId = "shardId-000000000042", ShardIteratorType = "LATEST" })));
        Assert.Equal("ValidationException", await ErrorAsync("GetShardIterator",
            JsonSerializer.Serialize(new { StreamName = stream, ShardId = "shardId-000000000000", ShardIteratorType = "SOMEWHERE" })));
        Assert.Equal("InvalidArgumentException", await ErrorAsync("GetShardIterator",
            JsonSerializer.Serialize(new { StreamName = stream, ShardId = "shardId-000000000000", ShardIteratorType = "AT_SEQUENCE_NUMBER", StartingSequenceNumber = "12345" })));
        Assert.Equal("InvalidArgumentException", await ErrorAsync("GetShardIterator",
            JsonSerializer.Serialize(new { StreamName = stream, ShardId = "shardId-000000000000", ShardIteratorType = "AT_SEQUENCE_NUMBER" })));
        Assert.Equal("InvalidArgumentException", await ErrorAsync("ListShards", "{}"));
        Assert.Equal("ValidationException", await ErrorAsync("GetRecords", """{"ShardIterator":"x","Limit":10001}"""));
    }

    [Fact]
    public async Task Forged_and_expired_iterators_are_refused()
    {
        var stream = await CreateStreamAsync();
        var iterator = (await PostAsync("GetShardIterator", JsonSerializer.Serialize(new
            { StreamName = stream, ShardId = "shardId-000000000000", ShardIteratorType = "TRIM_HORIZON" }))).Body.GetProperty("ShardIterator").GetString()!;
        var forged = iterator[..^2] + (iterator[^2] == 'A' ? "B" : "A") + iterator[^1];
        Assert.Equal("InvalidArgumentException", await ErrorAsync("GetRecords", JsonSerializer.Serialize(new { ShardIterator = forged })));
        Assert.Equal("InvalidArgumentException", await ErrorAsync("GetRecords", """{"ShardIterator":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"""));

        platform.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal("ExpiredIteratorException", await ErrorAsync("GetRecords", JsonSerializer.Serialize(new { ShardIterator = iterator })));
        var cli = await platform.Aws.RunAsync("kinesis", "get-records", "--shard-iterator", iterator);
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("ExpiredIteratorException", cli.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_bodies_and_unknown_targets_are_refused_in_Kinesis_shape()
    {
        Assert.Equal("SerializationException", await ErrorAsync("ListStreams", "{not json"));
        Assert.Equal("SerializationException", await ErrorAsync("ListStreams", "[1,2]"));
        Assert.Equal("SerializationException", await ErrorAsync("ListStreams", """{"Limit":"ten"}"""));
        Assert.Equal("UnknownOperationException", await ErrorAsync("FlyToTheMoon", "{}"));
        Assert.Equal("InvalidArgumentException", await ErrorAsync("SubscribeToShard", "{}"));
        var (status, type, _) = await PostAsync("ListStreams", "{}", "application/x-amz-cbor-1.1");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SerializationException", type);
        var (ok, _, body) = await PostAsync("ListStreams", "");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.True(body.TryGetProperty("StreamNames", out _));
    }
}
