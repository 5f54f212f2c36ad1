namespace Platform.Triggers.Sources.Kinesis;

/// <summary>
/// One lane's open tumbling window (services-kinesis-windows, services-ddb-windows): the fixed
/// interval its records arrived in and the state the function returned so far. Windows are aligned
/// to the epoch (a 120-second window runs 07:04:00–07:06:00), and a record belongs to the window of
/// its <c>ApproximateArrivalTimestamp</c> — the time it was put into the stream, as AWS decides it.
/// </summary>
internal sealed class TumblingWindow(DateTimeOffset start, TimeSpan length, string state)
{
    /// <summary>The state the function starts a window with.</summary>
    public const string EmptyState = "{}";

    /// <summary>A state larger than this ends the window early (a final invocation with
    /// <c>isWindowTerminatedEarly</c>), and the window continues with an empty state.</summary>
    public const int MaxStateBytes = 1024 * 1024;

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset End { get; } = start + length;

    /// <summary>The state as the function last returned it: a JSON value, <c>{}</c> at first.</summary>
    public string State { get; set; } = state;

    public static DateTimeOffset StartOf(DateTimeOffset arrival, TimeSpan length)
    {
        var ticks = arrival.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - ticks % length.Ticks);
    }

    public static TumblingWindow Containing(DateTimeOffset arrival, TimeSpan length) => new(StartOf(arrival, length), length, EmptyState);

    public bool Contains(DateTimeOffset arrival) => arrival >= Start && arrival < End;

    public bool StateTooLarge => System.Text.Encoding.UTF8.GetByteCount(State) > MaxStateBytes;
}
