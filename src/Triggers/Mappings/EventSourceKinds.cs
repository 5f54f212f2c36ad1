namespace Platform.Triggers.Mappings;

public static class EventSourceKinds
{
    /// <summary>The kind of source an ARN names: <c>arn:aws:sqs:…</c> or <c>arn:aws:kinesis:…:stream/…</c>.</summary>
    public static EventSourceKind Of(string eventSourceArn)
    {
        var parts = eventSourceArn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[5].Length == 0)
            return EventSourceKind.Unknown;
        return parts[2] switch
        {
            "sqs" => EventSourceKind.Sqs,
            "kinesis" when parts[5].StartsWith("stream/", StringComparison.Ordinal) => EventSourceKind.Kinesis,
            "dynamodb" when parts[5].StartsWith("table/", StringComparison.Ordinal) && parts[5].Contains("/stream/", StringComparison.Ordinal) => EventSourceKind.DynamoDb,
            _ => EventSourceKind.Unknown,
        };
    }
}
