using Platform.Emulators.Streams.Engine;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>What differs between stream sources that share the shard machinery (<see cref="ShardProcessor"/>):
/// the Lambda event of a batch, its size estimate for the 6 MB cut, the on-failure record's batch info name
/// and the trigger name in the invocation log.</summary>
public interface IStreamEventShape
{
    string BatchInfoName { get; }

    byte[] Build(IReadOnlyList<StreamRecord> records, KinesisEventSource source, string shardId);

    int EstimatedSize(StreamRecord record);

    string TriggerName(KinesisEventSource source);
}
