using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Filtering;

namespace Platform.Triggers.Sources.Kinesis;

/// <summary>FilterCriteria for stream records: patterns match the record's <c>kinesis</c> part with
/// <c>data</c> decoded as JSON (Lambda's rule); null when the mapping has no filters.</summary>
public static class KinesisRecordFilter
{
    public static Func<StreamRecord, bool>? For(IReadOnlyList<string> patterns)
    {
        var filter = EventFilter.Create(patterns);
        if (filter.IsEmpty)
            return null;
        return record => filter.Matches(FilterSubject.ForKinesis(record.PartitionKey, record.SequenceNumber, record.Data,
            AwsTime.EpochSeconds(record.ApproximateArrivalTimestamp)));
    }
}
