namespace Platform.Emulators.Streams.Engine;

public enum ShardIteratorType
{
    AtSequenceNumber,
    AfterSequenceNumber,
    TrimHorizon,
    Latest,
    AtTimestamp,
}
