namespace Platform.Emulators.Storage.Engine;

/// <summary>One entry of a bucket's LambdaFunctionConfigurations: which events of which keys invoke
/// which function.</summary>
public sealed record LambdaFunctionConfiguration
{
    public required string Id { get; init; }
    public required string FunctionArn { get; init; }

    /// <summary>s3:-prefixed event types, possibly wildcards: <c>s3:ObjectCreated:*</c>.</summary>
    public required IReadOnlyList<string> Events { get; init; }
    public string? Prefix { get; init; }
    public string? Suffix { get; init; }

    /// <summary>The journal position when this entry (by Id) was first stored, stamped in the same
    /// commit. Changes after it are this entry's to deliver, even if the trigger starts reading later
    /// (an upload right after the configuration was put, or right after start, is never missed).</summary>
    public long? ActiveFromSequence { get; init; }

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
}
