namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// The checkpoint rule with parallel lanes: records are handed out in shard order and finish in
/// any order; the checkpoint advances only past records that are all finished, so a restart never
/// skips a record a slower lane still had. Not thread-safe: its owner locks.
/// </summary>
public sealed class CheckpointTracker
{
    private readonly Queue<Entry> _order = new();
    private readonly Dictionary<string, Entry> _bySequence = new(StringComparer.Ordinal);

    public CheckpointTracker(string? position) => Position = position;

    /// <summary>The last record such that it and every record before it are finished.</summary>
    public string? Position { get; private set; }

    /// <summary>Records handed out and not yet past the checkpoint.</summary>
    public int Outstanding => _order.Count;

    /// <summary>Called in shard order as records are handed out.</summary>
    public void Add(string sequenceNumber)
    {
        var entry = new Entry(sequenceNumber);
        _order.Enqueue(entry);
        _bySequence.Add(sequenceNumber, entry);
    }

    /// <summary>Marks records finished; true when <see cref="Position"/> moved.</summary>
    public bool Complete(IEnumerable<string> sequenceNumbers)
    {
        foreach (var sequenceNumber in sequenceNumbers)
        {
            if (_bySequence.TryGetValue(sequenceNumber, out var entry))
                entry.Done = true;
        }

        var moved = false;
        while (_order.TryPeek(out var head) && head.Done)
        {
            _order.Dequeue();
            _bySequence.Remove(head.SequenceNumber);
            Position = head.SequenceNumber;
            moved = true;
        }

        return moved;
    }

    private sealed class Entry(string sequenceNumber)
    {
        public string SequenceNumber { get; } = sequenceNumber;
        public bool Done { get; set; }
    }
}
