using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Emulators.State;
using Platform.Emulators.Streams.Engine;
using Platform.Emulators.Tables.Engine;

namespace Platform.Triggers.Sources.DynamoDb;

/// <summary>
/// A table's stream seen through the shard reader the Kinesis machinery uses: each DynamoDB Streams
/// record becomes a <see cref="StreamRecord"/> whose data is the Lambda event record (the JSON the
/// function receives, but for eventSourceARN) and whose partition key is the item's key — so
/// ParallelizationFactor lanes keep every item's changes in order, as DynamoDB's mapping does.
/// </summary>
public sealed class DynamoDbStreamReader(ITableStreamSource tables, string region) : IStreamRecordSource
{
    // A stream's single shard covers every item: the whole hash-key space, as Kinesis describes it.
    private const string MaxHashKey = "340282366920938463463374607431768211455";

    public StreamShards GetShards(string streamNameOrArn)
    {
        TableStreamInfo stream;
        try
        {
            stream = tables.GetStream(streamNameOrArn);
        }
        catch (TableException error) when (error.Code == "ResourceNotFoundException")
        {
            throw new StreamException("ResourceNotFoundException", error.Message);
        }

        var latest = tables.LatestSequenceNumber(stream.Arn, stream.ShardId);
        var shard = new ShardInfo
        {
            ShardId = stream.ShardId,
            StartingHashKey = "0",
            EndingHashKey = MaxHashKey,
            StartingSequenceNumber = TableEngine.FormatSequenceNumber(0),
            EndingSequenceNumber = stream.Enabled ? null : latest ?? TableEngine.FormatSequenceNumber(0),
        };
        return new StreamShards(stream.TableName, stream.Arn, [shard]);
    }

    public ShardRead Read(string streamArn, string shardId, string? afterSequenceNumber, int limit)
    {
        var read = tables.Read(streamArn, shardId, afterSequenceNumber, limit);
        var records = read.Records.Select(r => new StreamRecord
        {
            SequenceNumber = r.SequenceNumber,
            PartitionKey = KeyOf(r),
            Data = Serialize(r),
            ApproximateArrivalTimestamp = r.ApproximateCreationDateTime,
        }).ToList();
        return new ShardRead(records, read.ShardEnded, 0);
    }

    /// <summary>AT_TIMESTAMP is not a DynamoDB Streams starting position (the rules refuse it).</summary>
    public string? PositionAtTimestamp(string streamArn, string shardId, DateTimeOffset timestamp) => null;

    public string? LatestSequenceNumber(string streamArn, string shardId) => tables.LatestSequenceNumber(streamArn, shardId);

    public ChangeSignal Changes(string streamArn) => tables.Changes(streamArn);

    private byte[] Serialize(TableStreamRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            TableStreamRecordJson.Write(writer, record, region, lambdaShape: true);
        return buffer.WrittenSpan.ToArray();
    }

    private static string KeyOf(TableStreamRecord record)
    {
        var key = new StringBuilder();
        foreach (var (name, value) in record.Keys.OrderBy(k => k.Key, StringComparer.Ordinal))
            key.Append(name).Append('=').Append(Encoding.UTF8.GetString(AttributeJson.Serialize(new Dictionary<string, AttributeValue> { [name] = value }))).Append(';');
        return key.ToString();
    }
}
