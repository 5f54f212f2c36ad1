namespace Platform.Triggers.Mappings;

public enum EventSourceKind
{
    Unknown,
    Sqs,
    Kinesis,
    DynamoDb,
}
