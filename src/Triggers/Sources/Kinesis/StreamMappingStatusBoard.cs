using Platform.Triggers.Mappings;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>The live numbers behind a stream mapping's <see cref="MappingStatus"/>, written by its
/// shard processors from several lanes at once.</summary>
internal sealed class StreamMappingStatusBoard
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string?> _positions = new(StringComparer.Ordinal);
    private MappingStatus _status = new();
    private int _inFlight;

    public MappingStatus Snapshot()
    {
        lock (_gate)
            return _status with { InFlightBatches = _inFlight, ShardPositions = new Dictionary<string, string?>(_positions, StringComparer.Ordinal) };
    }

    public void Position(string shardId, string? sequenceNumber)
    {
        lock (_gate)
            _positions[shardId] = sequenceNumber;
    }

    public void BatchStarted()
    {
        lock (_gate)
            _inFlight++;
    }

    public void BatchEnded()
    {
        lock (_gate)
            _inFlight--;
    }

    /// <summary>A batch finished: AWS's IteratorAge is now − arrival of its last record.</summary>
    public void Processed(DateTimeOffset now, DateTimeOffset lastArrival)
    {
        lock (_gate)
            _status = _status with { LastProcessedAt = now, IteratorAgeMs = Math.Max(0, (now - lastArrival).TotalMilliseconds) };
    }

    public void Failed(string error)
    {
        lock (_gate)
            _status = _status with { Healthy = false, LastError = error };
    }

    public void Recovered()
    {
        lock (_gate)
            _status = _status with { Healthy = true };
    }
}
