namespace Platform.Emulators.Storage.Engine;

/// <summary>What every entry of a bucket's notification configuration has, whatever its destination
/// (Lambda function, SQS queue, SNS topic): an Id, the event types, an S3Key prefix/suffix filter, and
/// the journal position it became active at. Overlap validation and event selection read only this.</summary>
public abstract record NotificationEntry
{
    public required string Id { get; init; }

    /// <summary>s3:-prefixed event types, possibly wildcards: <c>s3:ObjectCreated:*</c>.</summary>
    public required IReadOnlyList<string> Events { get; init; }
    public string? Prefix { get; init; }
    public string? Suffix { get; init; }

    /// <summary>The journal position when this entry (by Id) was first stored, stamped in the same
    /// commit. Changes after it are this entry's to deliver, even if the trigger starts reading later
    /// (an upload right after the configuration was put, or right after start, is never missed).</summary>
    public long? ActiveFromSequence { get; init; }

    /// <summary>The ARN the entry delivers to (function, queue or topic).</summary>
    public abstract string DestinationArn { get; }

    /// <summary>Does this configuration select the change? Event types match exactly or by a
    /// trailing <c>*</c>; the key must start with the prefix and end with the suffix.</summary>
    public bool Matches(StorageChange change)
    {
        if (Prefix is not null && !change.Key.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        if (Suffix is not null && !change.Key.EndsWith(Suffix, StringComparison.Ordinal))
            return false;

        var eventType = "s3:" + change.EventName;
        foreach (var selector in Events)
        {
            if (selector.EndsWith('*')
                    ? eventType.StartsWith(selector[..^1], StringComparison.Ordinal)
                    : string.Equals(selector, eventType, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    /// <summary>Same selection and destination? (Record equality would compare the event lists by
    /// reference, and every listing builds new lists.)</summary>
    public bool SelectsLike(NotificationEntry other) =>
        GetType() == other.GetType() &&
        Id == other.Id &&
        DestinationArn == other.DestinationArn &&
        Prefix == other.Prefix &&
        Suffix == other.Suffix &&
        Events.SequenceEqual(other.Events);
}
