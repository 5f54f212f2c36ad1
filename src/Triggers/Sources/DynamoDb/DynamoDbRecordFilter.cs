using System.Text.Json;
using Platform.Emulators.Streams.Engine;
using Platform.Triggers.Filtering;

namespace Platform.Triggers.Sources.DynamoDb;

/// <summary>FilterCriteria for DynamoDB Streams records: patterns match the record as the function
/// would receive it (<c>eventName</c>, <c>dynamodb.Keys</c>, <c>dynamodb.NewImage</c>, …); null when the
/// mapping has no filters.</summary>
public static class DynamoDbRecordFilter
{
    public static Func<StreamRecord, bool>? For(IReadOnlyList<string> patterns)
    {
        var filter = EventFilter.Create(patterns);
        if (filter.IsEmpty)
            return null;
        return record =>
        {
            using var document = JsonDocument.Parse(record.Data);
            return filter.Matches(document.RootElement);
        };
    }
}
