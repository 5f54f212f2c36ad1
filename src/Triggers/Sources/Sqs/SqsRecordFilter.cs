using System.Text.Json;
using Platform.Triggers.Filtering;

namespace Platform.Triggers.Sources.Sqs;

/// <summary>
/// A mapping's FilterCriteria applied to SQS records: up to five EventBridge patterns, OR-ed,
/// matched against the record as the function would see it, with a JSON body matched as JSON (a
/// body that is not JSON stays a string, so only plain-string body rules can match it).
/// </summary>
public sealed class SqsRecordFilter
{
    private readonly EventFilter _filter;

    /// <exception cref="FormatException">A pattern is not one Lambda accepts.</exception>
    public SqsRecordFilter(IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _filter = EventFilter.Create(patterns);
    }

    /// <summary>The records to invoke with, and those the filters drop (Lambda deletes those).</summary>
    public (IReadOnlyList<SqsRecord> Matching, IReadOnlyList<SqsRecord> Rejected) Split(IReadOnlyList<SqsRecord> batch)
    {
        if (_filter.IsEmpty)
            return (batch, []);
        var matching = new List<SqsRecord>(batch.Count);
        var rejected = new List<SqsRecord>();
        foreach (var record in batch)
            (_filter.Matches(Subject(record)) ? matching : rejected).Add(record);
        return (matching, rejected);
    }

    /// <summary>The record as JSON, its body parsed when it is a JSON object or array.</summary>
    public static JsonElement Subject(SqsRecord record) => FilterSubject.ForSqs(record.Json, record.Message.Body);
}
