namespace Platform.Triggers.Sources.Sqs;

/// <summary>
/// Gathers received records into one invocation's batch, by Lambda's three limits: BatchSize
/// records, the batching window (counted from the first record of the batch), and the 6 MB
/// invocation payload. A record that would push the payload past 6 MB is held over and starts the
/// next batch — so a batch is split to fit, never dropped. No I/O and no clock of its own: the
/// caller passes the time.
/// </summary>
public sealed class BatchAssembler(int batchSize, TimeSpan window, long maxPayloadBytes = BatchAssembler.MaxPayloadBytes)
{
    /// <summary>Lambda's synchronous invocation payload limit (6 MB).</summary>
    public const long MaxPayloadBytes = 6 * 1024 * 1024;

    private List<SqsRecord> _batch = [];
    private List<SqsRecord> _heldOver = [];
    private long _recordBytes;
    private DateTimeOffset? _windowStart;

    public int Count => _batch.Count;

    /// <summary>Records received but not handed out yet (the batch and the held-over ones).</summary>
    public IEnumerable<SqsRecord> Pending => _batch.Concat(_heldOver);

    /// <summary>How many more records the batch takes (what to ask the queue for).</summary>
    public int Room => Math.Max(1, batchSize - _batch.Count);

    public void Add(SqsRecord record, DateTimeOffset now)
    {
        if (_heldOver.Count > 0 || _batch.Count >= batchSize ||
            (_batch.Count > 0 && SqsEventBuilder.PayloadBytes(_batch.Count + 1, _recordBytes + record.Json.Length) > maxPayloadBytes))
        {
            _heldOver.Add(record);
            return;
        }

        _batch.Add(record);
        _recordBytes += record.Json.Length;
        _windowStart ??= now;
    }

    /// <summary>Full (BatchSize), at the payload limit (something is held over), or the window has closed.</summary>
    public bool IsReady(DateTimeOffset now) =>
        _batch.Count > 0 && (_batch.Count >= batchSize || _heldOver.Count > 0 || now >= _windowStart!.Value + window);

    /// <summary>How long a receive may wait for more: until the window closes (zero when it has).
    /// Null when the batch is empty: then the wait is for the first record.</summary>
    public TimeSpan? RemainingWindow(DateTimeOffset now)
    {
        if (_windowStart is not { } start)
            return null;
        var left = start + window - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Hands out the batch; held-over records start the next one, its window opening now.</summary>
    public IReadOnlyList<SqsRecord> Take(DateTimeOffset now)
    {
        var batch = _batch;
        var heldOver = _heldOver;
        _batch = [];
        _heldOver = [];
        _recordBytes = 0;
        _windowStart = null;
        foreach (var record in heldOver)
            Add(record, now);
        return batch;
    }

    /// <summary>Everything pending, for releasing it back to the queue at a stop.</summary>
    public IReadOnlyList<SqsRecord> TakeAll()
    {
        var all = Pending.ToList();
        _batch = [];
        _heldOver = [];
        _recordBytes = 0;
        _windowStart = null;
        return all;
    }
}
