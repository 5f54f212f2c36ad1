namespace Platform.Emulators.Streams.Engine;

public sealed record StreamRecord
{
    public required string SequenceNumber { get; init; }
    public required string PartitionKey { get; init; }
    public required byte[] Data { get; init; }
    public required DateTimeOffset ApproximateArrivalTimestamp { get; init; }
}
