namespace Platform.Emulators.Tables.Engine;

/// <summary>One DynamoDB Streams record: the change of one item, with the images its stream's view
/// type keeps. <see cref="ByService"/> marks TTL deletions (userIdentity dynamodb.amazonaws.com).</summary>
public sealed record TableStreamRecord(
    string SequenceNumber,
    string EventId,
    string EventName,
    DateTimeOffset ApproximateCreationDateTime,
    IReadOnlyDictionary<string, AttributeValue> Keys,
    IReadOnlyDictionary<string, AttributeValue>? NewImage,
    IReadOnlyDictionary<string, AttributeValue>? OldImage,
    int SizeBytes,
    string StreamViewType,
    bool ByService);
