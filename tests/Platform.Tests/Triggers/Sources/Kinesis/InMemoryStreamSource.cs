using System.Globalization;
using Platform.Emulators.State;
using Platform.Emulators.Streams.Engine;

namespace Platform.Tests.Triggers.Sources.Kinesis;

/// <summary>A test double of the stream engine's read side: shards with lineage, records with
/// growing decimal sequence numbers, and a change signal per stream — enough to drive the Kinesis
/// mapping worker without the real engine.</summary>
internal sealed class InMemoryStreamSource(TimeProvider time) : IStreamRecordSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StreamState> _streams = new(StringComparer.Ordinal);
    private long _sequence = 49_600_000_000_000;

    public static string ArnOf(string name) => $"arn:aws:kinesis:us-east-1:000000000000:stream/{name}";

    public static string ShardName(int index) => $"shardId-{index:D12}";

    public string CreateStream(string name, int shardCount = 1)
    {
        lock (_gate)
        {
            var state = new StreamState(name);
            for (var i = 0; i < shardCount; i++)
                state.Shards.Add(new ShardState(ShardName(i), null, null, NextSequence()));
            _streams[ArnOf(name)] = state;
        }

        return ArnOf(name);
    }

    /// <summary>Puts a record on the shard, arriving now; returns its sequence number.</summary>
    public string Put(string streamArn, string shardId, string partitionKey, string data)
    {
        string sequence;
        ChangeSignal signal;
        lock (_gate)
        {
            var stream = _streams[streamArn];
            var shard = stream.Shards.Single(s => s.Id == shardId);
            if (shard.Ending is not null)
                throw new InvalidOperationException("The shard is closed.");
            sequence = NextSequence();
            shard.Records.Add(new StreamRecord
            {
                SequenceNumber = sequence,
                PartitionKey = partitionKey,
                Data = System.Text.Encoding.UTF8.GetBytes(data),
                ApproximateArrivalTimestamp = time.GetUtcNow(),
            });
            signal = stream.Changes;
        }

        signal.Notify();
        return sequence;
    }

    /// <summary>SplitShard: closes the shard and opens two children.</summary>
    public (string Left, string Right) Split(string streamArn, string shardId)
    {
        ChangeSignal signal;
        string left, right;
        lock (_gate)
        {
            var stream = _streams[streamArn];
            var parent = stream.Shards.Single(s => s.Id == shardId);
            parent.Ending = NextSequence();
            left = ShardName(stream.Shards.Count);
            right = ShardName(stream.Shards.Count + 1);
            stream.Shards.Add(new ShardState(left, shardId, null, NextSequence()));
            stream.Shards.Add(new ShardState(right, shardId, null, NextSequence()));
            signal = stream.Changes;
        }

        signal.Notify();
        return (left, right);
    }

    /// <summary>Makes every record of the shard vanish, as retention would.</summary>
    public void Trim(string streamArn, string shardId)
    {
        lock (_gate)
            _streams[streamArn].Shards.RemoveAll(s => s.Id == shardId);
    }

    public StreamShards GetShards(string streamNameOrArn)
    {
        lock (_gate)
        {
            var stream = Find(streamNameOrArn);
            return new StreamShards(stream.Name, ArnOf(stream.Name), [.. stream.Shards.Select(s => new ShardInfo
            {
                ShardId = s.Id,
                ParentShardId = s.Parent,
                AdjacentParentShardId = s.AdjacentParent,
                StartingHashKey = "0",
                EndingHashKey = "340282366920938463463374607431768211455",
                StartingSequenceNumber = s.Starting,
                EndingSequenceNumber = s.Ending,
            })]);
        }
    }

    public ShardRead Read(string streamArn, string shardId, string? afterSequenceNumber, int limit)
    {
        lock (_gate)
        {
            var shard = Shard(streamArn, shardId);
            var after = shard.Records.Where(r => SequenceNumbers.Compare(r.SequenceNumber, afterSequenceNumber) > 0).ToArray();
            var records = after.Take(limit).ToArray();
            return new ShardRead(records, shard.Ending is not null && records.Length == after.Length, 0);
        }
    }

    public string? PositionAtTimestamp(string streamArn, string shardId, DateTimeOffset timestamp)
    {
        lock (_gate)
            return Shard(streamArn, shardId).Records.LastOrDefault(r => r.ApproximateArrivalTimestamp < timestamp)?.SequenceNumber;
    }

    public string? LatestSequenceNumber(string streamArn, string shardId)
    {
        lock (_gate)
            return Shard(streamArn, shardId).Records.LastOrDefault()?.SequenceNumber;
    }

    public ChangeSignal Changes(string streamArn)
    {
        lock (_gate)
            return _streams.TryGetValue(streamArn, out var stream) ? stream.Changes : new ChangeSignal();
    }

    private StreamState Find(string nameOrArn) =>
        _streams.TryGetValue(nameOrArn, out var byArn) ? byArn
        : _streams.TryGetValue(ArnOf(nameOrArn), out var byName) ? byName
        : throw new StreamException("ResourceNotFoundException", $"Stream {nameOrArn} under account 000000000000 not found.");

    private ShardState Shard(string streamArn, string shardId) =>
        Find(streamArn).Shards.SingleOrDefault(s => s.Id == shardId)
        ?? throw new StreamException("ResourceNotFoundException", $"Shard {shardId} in stream {streamArn} not found.");

    private string NextSequence() => (++_sequence).ToString(CultureInfo.InvariantCulture);

    private sealed class StreamState(string name)
    {
        public string Name { get; } = name;
        public List<ShardState> Shards { get; } = [];
        public ChangeSignal Changes { get; } = new();
    }

    private sealed class ShardState(string id, string? parent, string? adjacentParent, string starting)
    {
        public string Id { get; } = id;
        public string? Parent { get; } = parent;
        public string? AdjacentParent { get; } = adjacentParent;
        public string Starting { get; } = starting;
        public string? Ending { get; set; }
        public List<StreamRecord> Records { get; } = [];
    }
}
