using Platform.Emulators.Streams.Engine;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>Kinesis's event (<see cref="KinesisEventBuilder"/>) and <c>KinesisBatchInfo</c>.</summary>
public sealed class KinesisEventShape : IStreamEventShape
{
    public static KinesisEventShape Instance { get; } = new();

    public string BatchInfoName => "KinesisBatchInfo";

    public byte[] Build(IReadOnlyList<StreamRecord> records, KinesisEventSource source, string shardId) =>
        KinesisEventBuilder.Build(records, source, shardId);

    public int EstimatedSize(StreamRecord record) => KinesisEventBuilder.EstimatedSize(record);

    public string TriggerName(KinesisEventSource source) => "kinesis:" + source.StreamName;
}
